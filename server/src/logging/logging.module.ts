import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';

/** Request logging: nestjs-pino's middleware, with request ids (logging.ts). */
@Module({})
export class LoggingModule {
  /** Without params nothing is logged (the server's own tests). */
  static forRoot(params: Params | undefined): DynamicModule {
    return { module: LoggingModule, imports: [LoggerModule.forRoot(params ?? { pinoHttp: { level: 'silent' } })] };
  }
}
