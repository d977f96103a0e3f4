import { Component, type ErrorInfo, type ReactNode } from 'react';

/** An unattended screen has nobody to press reload; after an unexpected error it reloads itself. */
const RELOAD_AFTER_MS = 30_000;

interface State {
  failed: boolean;
}

/**
 * A rendering error would otherwise leave a blank or frozen screen that still looks like a board.
 * This says so instead, in words nobody can mistake for ward data.
 */
export class ScreenErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };
  private reload: ReturnType<typeof setTimeout> | undefined;

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    this.reload = setTimeout(() => window.location.reload(), RELOAD_AFTER_MS);
  }

  override componentWillUnmount(): void {
    clearTimeout(this.reload);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="display display--empty">
        <div className="display-empty">
          <h1 className="display-empty__title">This screen hit a problem</h1>
          <p className="display-empty__detail">It is not showing ward data. It will reload by itself.</p>
        </div>
      </main>
    );
  }
}
