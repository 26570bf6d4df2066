ALTER TABLE `orders` ADD `checkout_session_id` varchar(48);--> statement-breakpoint
CREATE INDEX `orders_checkout_session` ON `orders` (`checkout_session_id`,`status`);