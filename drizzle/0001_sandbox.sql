CREATE TABLE `sandbox_alipay_apps` (
	`app_id` varchar(32) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`account_ref` varchar(64) NOT NULL,
	`record` json NOT NULL,
	CONSTRAINT `sandbox_alipay_apps_app_id` PRIMARY KEY(`app_id`)
);
--> statement-breakpoint
CREATE TABLE `sandbox_identity` (
	`id` tinyint NOT NULL,
	`identity_sealed` text NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `sandbox_identity_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `sandbox_trades` (
	`id` varchar(48) NOT NULL,
	`provider` enum('alipay','wechatpay') NOT NULL,
	`trade_type` varchar(8) NOT NULL,
	`app_id` varchar(32) NOT NULL,
	`mchid` varchar(32),
	`merchant_key` varchar(32) NOT NULL,
	`out_trade_no` varchar(64) NOT NULL,
	`amount_fen` int NOT NULL,
	`subject` varchar(256) NOT NULL,
	`body` varchar(512),
	`notify_url` varchar(512),
	`return_url` varchar(512),
	`quit_url` varchar(512),
	`attach` varchar(1024),
	`status` varchar(16) NOT NULL,
	`provider_trade_no` varchar(64) NOT NULL,
	`prepay_id` varchar(64),
	`time_expire` datetime(3) NOT NULL,
	`opened_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`paid_at` datetime(3),
	`closed_at` datetime(3),
	`payer_openid` varchar(128),
	`buyer_id` varchar(32),
	`client_ip` varchar(64),
	CONSTRAINT `sandbox_trades_id` PRIMARY KEY(`id`),
	CONSTRAINT `sandbox_trades_out_trade_no` UNIQUE(`provider`,`merchant_key`,`out_trade_no`)
);
--> statement-breakpoint
CREATE TABLE `sandbox_wechat_merchants` (
	`mchid` varchar(32) NOT NULL,
	`mode` enum('test','live') NOT NULL,
	`account_ref` varchar(64) NOT NULL,
	`record` json NOT NULL,
	`api_v3_key_sealed` text NOT NULL,
	CONSTRAINT `sandbox_wechat_merchants_mchid` PRIMARY KEY(`mchid`)
);
--> statement-breakpoint
CREATE INDEX `sandbox_trades_provider_trade_no` ON `sandbox_trades` (`provider`,`merchant_key`,`provider_trade_no`);--> statement-breakpoint
CREATE INDEX `sandbox_trades_status_expire` ON `sandbox_trades` (`status`,`time_expire`);--> statement-breakpoint
CREATE INDEX `sandbox_trades_prepay_id` ON `sandbox_trades` (`prepay_id`);