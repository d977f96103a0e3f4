/**
 * Emails the site manager once per raised escalation, when WARDS_CONFIG `escalation.notify` names one
 * for the ward's site. `notifiedAt` is claimed before sending, so two evaluations racing send once; a
 * failed send gives the claim back and the next evaluation of the ward tries again (logged, never
 * silent). A stable Message-ID per escalation lets a mail system recognise a repeat.
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { EscalationView } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, MAILER, METRICS, type Clock } from '../core/tokens.js';
import type { WardflowMetrics } from '../metrics/wardflow-metrics.js';
import type { Mailer } from '../mail/mailer.adapter.js';
import { EscalationRepository, type EscalationRow } from '../store/escalation.repository.js';
import { escalationEmail } from './escalation-email.js';

@Injectable()
export class EscalationNotifier {
  private readonly logger = new Logger(EscalationNotifier.name);

  constructor(
    private readonly escalations: EscalationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    // Absent in a process without a mailer; escalations are then only shown, never emailed.
    @Optional() @Inject(MAILER) private readonly mailer: Mailer | null = null,
    @Optional() @Inject(METRICS) private readonly metrics: WardflowMetrics | null = null,
  ) {}

  async notifyPending(rows: readonly EscalationRow[], toView: (row: EscalationRow) => EscalationView): Promise<void> {
    const notify = this.config.escalation.notify;
    if (notify.length === 0 || this.mailer === null) return;
    for (const row of rows) {
      const recipients = notify.filter((n) => n.siteId === row.siteId).map((n) => n.email);
      if (recipients.length === 0 || !(await this.escalations.claimNotification(row.id, new Date(this.clock()))))
        continue;
      const email = escalationEmail(toView(row), this.config.digest.publicUrl);
      const host = new URL(this.config.digest.publicUrl).hostname || 'wardflow';
      try {
        for (const to of recipients)
          await this.mailer.send({
            to,
            ...email,
            messageId: `<escalation-${row.id}-${to.replace(/[^a-z0-9.-]/gi, '_')}@${host}>`,
          });
        this.metrics?.escalations.inc({ event: 'emailed' });
      } catch (error) {
        this.metrics?.escalations.inc({ event: 'email-failed' });
        await this.escalations.unclaimNotification(row.id);
        this.logger.error(`Could not email escalation ${row.id} for ward ${row.wardId}: ${(error as Error).message}`);
      }
    }
  }
}
