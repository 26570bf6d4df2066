CREATE TABLE `refunds` (
	`id` varchar(48) NOT NULL,
	`merchant_id` varchar(48) NOT NULL,
	`livemode` boolean NOT NULL,
	`order_id` varchar(48) NOT NULL,
	`amount_fen` bigint NOT NULL,
	`currency` char(3) NOT NULL DEFAULT 'CNY',
	`reason` varchar(80),
	`status` enum('pending','succeeded','failed') NOT NULL DEFAULT 'pending',
	`channel_refund_no` varchar(64),
	`failure_code` varchar(64),
	`failure_message` varchar(512),
	`submitted_at` datetime(3),
	`last_synced_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`succeeded_at` datetime(3),
	`failed_at` datetime(3),
	CONSTRAINT `refunds_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `sandbox_refunds` (
	`id` varchar(48) NOT NULL,
	`provider` enum('alipay','wechatpay') NOT NULL,
	`merchant_key` varchar(32) NOT NULL,
	`trade_id` varchar(48) NOT NULL,
	`out_refund_no` varchar(64) NOT NULL,
	`amount_fen` int NOT NULL,
	`reason` varchar(256),
	`notify_url` varchar(512),
	`status` varchar(16) NOT NULL,
	`final_status` varchar(16) NOT NULL,
	`settle_at` datetime(3) NOT NULL,
	`provider_refund_no` varchar(64) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`success_at` datetime(3),
	CONSTRAINT `sandbox_refunds_id` PRIMARY KEY(`id`),
	CONSTRAINT `sandbox_refunds_out_refund_no` UNIQUE(`provider`,`merchant_key`,`out_refund_no`)
);
--> statement-breakpoint
ALTER TABLE `orders` ADD `amount_refunded_fen` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `refund_reserved_fen` bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sandbox_trades` ADD `refunded_fen` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sandbox_trades` ADD `refund_script` varchar(128);--> statement-breakpoint
ALTER TABLE `refunds` ADD CONSTRAINT `refunds_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `refunds` ADD CONSTRAINT `refunds_order_id_orders_id_fk` FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `refunds_order_created` ON `refunds` (`order_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `refunds_merchant_mode_created` ON `refunds` (`merchant_id`,`livemode`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `refunds_status_created` ON `refunds` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `sandbox_refunds_trade` ON `sandbox_refunds` (`trade_id`);