ALTER TABLE "wards" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "wards" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wards" ADD COLUMN "retired_reason" text;