CREATE INDEX `orders_owner_status_created` ON `orders` (`merchant_id`,`livemode`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_owner_goods_created` ON `orders` (`merchant_id`,`livemode`,`goods_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_owner_buyer_created` ON `orders` (`merchant_id`,`livemode`,`buyer_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_owner_channel_created` ON `orders` (`merchant_id`,`livemode`,`channel`,`created_at`,`id`);