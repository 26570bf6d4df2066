ALTER TABLE `orders` ADD `duplicate_payment` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `paid_order_id` varchar(48);--> statement-breakpoint
-- Sessions paid before this migration: their paid order is the one they completed with, else (not
-- refreshed since) their first paid order.
UPDATE `checkout_sessions` `s` SET `paid_order_id` = COALESCE(IF(`s`.`status` = 'complete', `s`.`order_id`, NULL), (SELECT `o`.`id` FROM `orders` `o` WHERE `o`.`checkout_session_id` = `s`.`id` AND `o`.`status` = 'paid' ORDER BY `o`.`paid_at`, `o`.`id` LIMIT 1)) WHERE `s`.`paid_order_id` IS NULL;--> statement-breakpoint
-- Any other paid order of such a session was a second payment of it.
UPDATE `orders` `o` JOIN `checkout_sessions` `s` ON `o`.`checkout_session_id` = `s`.`id` SET `o`.`duplicate_payment` = true WHERE `o`.`status` = 'paid' AND `s`.`paid_order_id` IS NOT NULL AND `o`.`id` <> `s`.`paid_order_id`;
