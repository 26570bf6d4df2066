CREATE TABLE `merchant_users` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`email` varchar(254) NOT NULL,
	`password_hash` varchar(100) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `merchant_users_id` PRIMARY KEY(`id`),
	CONSTRAINT `merchant_users_email` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `merchants` (
	`id` varchar(48) NOT NULL,
	`name` varchar(128) NOT NULL,
	`webhook_secret_sealed` text NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `merchants_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`kind` enum('secret','publishable') NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`key_hash` char(64) NOT NULL,
	`prefix` varchar(24) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`last_used_at` datetime(3),
	`revoked_at` datetime(3),
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_hash` UNIQUE(`key_hash`)
);
--> statement-breakpoint
CREATE TABLE `channel_accounts` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`provider` enum('alipay','wechatpay') NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`public_config` json NOT NULL,
	`secrets_sealed` text NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `channel_accounts_id` PRIMARY KEY(`id`),
	CONSTRAINT `channel_accounts_merchant_provider_mode` UNIQUE(`merchant_id`,`provider`,`mode`)
);
--> statement-breakpoint
CREATE TABLE `goods` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`livemode` boolean NOT NULL,
	`name` varchar(128) NOT NULL,
	`description` varchar(1024),
	`price_fen` int NOT NULL,
	`currency` char(3) NOT NULL DEFAULT 'CNY',
	`notify_order_created_url` varchar(2048),
	`notify_order_paid_url` varchar(2048),
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `goods_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`livemode` boolean NOT NULL,
	`goods_id` varchar(48) NOT NULL,
	`quantity` int NOT NULL,
	`unit_price_fen` int NOT NULL,
	`amount_fen` bigint NOT NULL,
	`currency` char(3) NOT NULL DEFAULT 'CNY',
	`channel` varchar(32) NOT NULL,
	`channel_account_id` varchar(48),
	`buyer_id` varchar(128) NOT NULL,
	`attach` varchar(1024),
	`status` enum('pending','paid','closed') NOT NULL DEFAULT 'pending',
	`paid_after_close` boolean NOT NULL DEFAULT false,
	`channel_trade_no` varchar(64),
	`pay_params` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`paid_at` datetime(3),
	`closed_at` datetime(3),
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `orders_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`livemode` boolean NOT NULL,
	`type` varchar(64) NOT NULL,
	`order_id` varchar(48),
	`data` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`enqueued_at` datetime(3),
	CONSTRAINT `events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `merchant_users` ADD CONSTRAINT `merchant_users_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `api_keys` ADD CONSTRAINT `api_keys_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `channel_accounts` ADD CONSTRAINT `channel_accounts_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `goods` ADD CONSTRAINT `goods_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `orders` ADD CONSTRAINT `orders_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `orders` ADD CONSTRAINT `orders_goods_id_goods_id_fk` FOREIGN KEY (`goods_id`) REFERENCES `goods`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `events` ADD CONSTRAINT `events_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `merchant_users_merchant` ON `merchant_users` (`merchant_id`);--> statement-breakpoint
CREATE INDEX `api_keys_merchant` ON `api_keys` (`merchant_id`);--> statement-breakpoint
CREATE INDEX `goods_merchant_mode_created` ON `goods` (`merchant_id`,`livemode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_merchant_mode_created` ON `orders` (`merchant_id`,`livemode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_expires` ON `orders` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `events_merchant_mode_created` ON `events` (`merchant_id`,`livemode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `events_order` ON `events` (`order_id`);--> statement-breakpoint
CREATE INDEX `events_unenqueued` ON `events` (`enqueued_at`,`created_at`);