CREATE TABLE `channel_account_versions` (
	`channel_account_id` varchar(48) NOT NULL,
	`version` int NOT NULL,
	`public_config` json NOT NULL,
	`secrets_sealed` text NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `channel_account_versions_channel_account_id_version_pk` PRIMARY KEY(`channel_account_id`,`version`)
);
--> statement-breakpoint
ALTER TABLE `channel_accounts` ADD `credential_version` int DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `credential_version` int;--> statement-breakpoint
ALTER TABLE `channel_account_versions` ADD CONSTRAINT `channel_account_versions_account_fk` FOREIGN KEY (`channel_account_id`) REFERENCES `channel_accounts`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `orders_account_version_status` ON `orders` (`channel_account_id`,`credential_version`,`status`);--> statement-breakpoint
INSERT INTO `channel_account_versions` (`channel_account_id`, `version`, `public_config`, `secrets_sealed`, `created_at`) SELECT `id`, 1, `public_config`, `secrets_sealed`, `updated_at` FROM `channel_accounts`;--> statement-breakpoint
UPDATE `orders` SET `credential_version` = 1 WHERE `channel_account_id` IS NOT NULL;
