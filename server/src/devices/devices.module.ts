/** Wall screens (SEC-3): pairing codes, enrolment by a person in scope, removal. */
import { Module, type DynamicModule } from '@nestjs/common';
import { oncePerParts, partsFor, type ProcessParts } from '../core/process-parts.js';
import { DeviceService } from './device.service.js';
import { DevicesController } from './devices.controller.js';

@Module({})
export class DevicesModule {
  static register = oncePerParts((parts: ProcessParts): DynamicModule => ({
    module: DevicesModule,
    ...partsFor(parts, { shared: [DeviceService], controllers: [DevicesController] }),
  }));
}
