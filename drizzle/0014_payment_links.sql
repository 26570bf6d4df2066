CREATE TABLE `payment_links` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`livemode` boolean NOT NULL,
	`goods_id` varchar(48) NOT NULL,
	`quantity` int NOT NULL,
	`success_url` varchar(2048),
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `payment_links_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `payment_link_id` varchar(48);--> statement-breakpoint
CREATE INDEX `payment_links_merchant_mode_created` ON `payment_links` (`merchant_id`,`livemode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `checkout_sessions_payment_link` ON `checkout_sessions` (`payment_link_id`,`created_at`);