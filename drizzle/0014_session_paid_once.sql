ALTER TABLE `orders` ADD `duplicate_payment` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `paid_order_id` varchar(48);--> statement-breakpoint
-- Sessions paid before this migration: their paid order is the one they completed with.
UPDATE `checkout_sessions` SET `paid_order_id` = `order_id` WHERE `status` = 'complete' AND `order_id` IS NOT NULL;--> statement-breakpoint
-- Any other paid order of such a session was a second payment of it.
UPDATE `orders` `o` JOIN `checkout_sessions` `s` ON `o`.`checkout_session_id` = `s`.`id` SET `o`.`duplicate_payment` = true WHERE `o`.`status` = 'paid' AND `s`.`paid_order_id` IS NOT NULL AND `o`.`id` <> `s`.`paid_order_id`;
