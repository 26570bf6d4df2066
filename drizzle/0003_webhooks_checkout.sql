CREATE TABLE `webhook_attempts` (
	`id` varchar(48) NOT NULL,
	`delivery_id` varchar(48) NOT NULL,
	`event_id` varchar(48) NOT NULL,
	`trigger` enum('automatic','resend') NOT NULL,
	`at` datetime(3) NOT NULL,
	`status_code` int,
	`latency_ms` int,
	`response_excerpt` varchar(1024),
	`error` varchar(512),
	CONSTRAINT `webhook_attempts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` varchar(48) NOT NULL,
	`event_id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`url` varchar(2048) NOT NULL,
	`url_hash` char(64) NOT NULL,
	`status` enum('pending','succeeded','failed','stopped') NOT NULL DEFAULT 'pending',
	`attempt_count` int NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3),
	`last_attempt_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `webhook_deliveries_id` PRIMARY KEY(`id`),
	CONSTRAINT `webhook_deliveries_event_url` UNIQUE(`event_id`,`url_hash`)
);
--> statement-breakpoint
CREATE TABLE `checkout_sessions` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`livemode` boolean NOT NULL,
	`goods_id` varchar(48) NOT NULL,
	`quantity` int NOT NULL,
	`amount_fen` bigint NOT NULL,
	`currency` char(3) NOT NULL DEFAULT 'CNY',
	`buyer_id` varchar(128) NOT NULL,
	`attach` varchar(1024),
	`open_id` varchar(128),
	`success_url` varchar(2048) NOT NULL,
	`cancel_url` varchar(2048),
	`status` enum('open','complete','expired') NOT NULL DEFAULT 'open',
	`order_id` varchar(48),
	`channel` varchar(32),
	`created_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`completed_at` datetime(3),
	CONSTRAINT `checkout_sessions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `merchants` ADD `previous_webhook_secret_sealed` text;--> statement-breakpoint
ALTER TABLE `merchants` ADD `previous_webhook_secret_expires_at` datetime(3);--> statement-breakpoint
CREATE INDEX `webhook_attempts_delivery` ON `webhook_attempts` (`delivery_id`,`at`);--> statement-breakpoint
CREATE INDEX `webhook_attempts_event` ON `webhook_attempts` (`event_id`,`at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_merchant_status` ON `webhook_deliveries` (`merchant_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `checkout_sessions_merchant` ON `checkout_sessions` (`merchant_id`,`livemode`,`created_at`);