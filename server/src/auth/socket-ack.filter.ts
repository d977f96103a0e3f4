/**
 * Socket events are answered through their acknowledgement (the typed `SubscribeAck`), refusals
 * included: a guard's 401/403/400/404 becomes `{ error }` in the ack, so a screen shows why instead of
 * waiting for a timeout. Anything unexpected is logged and answered without internals.
 */
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';

@Catch()
export class SocketAckExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(SocketAckExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ack = host.getArgs().find((a): a is (result: unknown) => void => typeof a === 'function');
    let error: string;
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      error =
        typeof body === 'string'
          ? body
          : typeof (body as { message?: unknown }).message === 'string'
            ? (body as { message: string }).message
            : exception.message;
    } else if (exception instanceof WsException) {
      const body = exception.getError();
      error = typeof body === 'string' ? body : 'Refused';
    } else {
      this.logger.error(`Socket handler failed: ${(exception as Error).message}`);
      error = 'The server could not answer this request';
    }
    ack?.({ error });
  }
}
