CREATE TABLE `channel_callbacks` (
	`id` varchar(48) NOT NULL,
	`channel_account_id` varchar(48) NOT NULL,
	`merchant_id` varchar(48),
	`provider` varchar(16) NOT NULL,
	`order_id` varchar(48),
	`verified` boolean NOT NULL,
	`outcome` varchar(32) NOT NULL,
	`reason` varchar(512),
	`notification_id` varchar(128),
	`headers` json NOT NULL,
	`raw_body` text NOT NULL,
	`received_at` datetime(3) NOT NULL,
	CONSTRAINT `channel_callbacks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `channel_requests` (
	`id` varchar(48) NOT NULL,
	`order_id` varchar(48) NOT NULL,
	`operation` varchar(16) NOT NULL,
	`ok` boolean NOT NULL,
	`result` varchar(64),
	`message` varchar(512),
	`duration_ms` int,
	`at` datetime(3) NOT NULL,
	CONSTRAINT `channel_requests_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `orders` ADD `subject` varchar(256) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `open_id` varchar(128);--> statement-breakpoint
ALTER TABLE `orders` ADD `client_ip` varchar(45);--> statement-breakpoint
ALTER TABLE `orders` ADD `return_url` varchar(2048);--> statement-breakpoint
ALTER TABLE `orders` ADD `failure_code` varchar(64);--> statement-breakpoint
ALTER TABLE `orders` ADD `failure_message` varchar(512);--> statement-breakpoint
ALTER TABLE `orders` ADD `last_synced_at` datetime(3);--> statement-breakpoint
CREATE INDEX `channel_callbacks_order` ON `channel_callbacks` (`order_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `channel_callbacks_account` ON `channel_callbacks` (`channel_account_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `channel_requests_order` ON `channel_requests` (`order_id`,`at`);--> statement-breakpoint
CREATE INDEX `orders_status_created` ON `orders` (`status`,`created_at`);