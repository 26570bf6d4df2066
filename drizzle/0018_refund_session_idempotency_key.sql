ALTER TABLE `refunds` ADD `idempotency_key` char(64);--> statement-breakpoint
ALTER TABLE `refunds` ADD `idempotency_fingerprint` char(64);--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `idempotency_key` char(64);--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `idempotency_fingerprint` char(64);--> statement-breakpoint
ALTER TABLE `refunds` ADD CONSTRAINT `refunds_idempotency_key` UNIQUE(`idempotency_key`);--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD CONSTRAINT `checkout_sessions_idempotency_key` UNIQUE(`idempotency_key`);