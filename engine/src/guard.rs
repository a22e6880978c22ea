use std::future::Future;
use std::time::Duration;

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::BoxStream;
use futures::{Stream, StreamExt};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::ErrorKind;

/// Why a query stopped before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Interrupted {
    /// The client asked to cancel it.
    #[error("canceling statement due to user request")]
    Canceled,
    /// It ran past its timeout.
    #[error("canceling statement due to statement timeout ({})", humantime::format_duration(*.0))]
    TimedOut(Duration),
}

impl Interrupted {
    /// The error kind the front ends report.
    pub fn kind(self) -> ErrorKind {
        match self {
            Self::Canceled => ErrorKind::Canceled,
            Self::TimedOut(_) => ErrorKind::TimedOut,
        }
    }
}

/// The limits of one query: a cancellation token and an optional deadline.
///
/// A guard covers the whole query: planning ([`QueryGuard::run`]) and every row streamed to the client
/// ([`guarded`]). When it fires, the stream yields one error and ends; dropping the stream stops DataFusion's
/// work.
#[derive(Debug, Clone)]
pub struct QueryGuard {
    cancel: CancellationToken,
    deadline: Option<(Instant, Duration)>,
}

impl QueryGuard {
    /// A guard that fires on `cancel` or after `timeout` from now (a zero or absent timeout means none).
    pub fn new(cancel: CancellationToken, timeout: Option<Duration>) -> Self {
        let deadline = timeout
            .filter(|t| !t.is_zero())
            .map(|t| (Instant::now() + t, t));
        Self { cancel, deadline }
    }

    /// Resolves when the query must stop, with the reason.
    pub async fn interrupted(&self) -> Interrupted {
        let expired = async {
            match self.deadline {
                Some((at, timeout)) => {
                    tokio::time::sleep_until(at).await;
                    timeout
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = self.cancel.cancelled() => Interrupted::Canceled,
            timeout = expired => Interrupted::TimedOut(timeout),
        }
    }

    /// Runs `work` (planning, say) unless the guard fires first.
    pub async fn run<T, E>(
        &self,
        work: impl Future<Output = Result<T, E>>,
        to_error: impl FnOnce(Interrupted) -> E,
    ) -> Result<T, E> {
        tokio::select! {
            result = work => result,
            reason = self.interrupted() => Err(to_error(reason)),
        }
    }
}

/// Items a guarded stream passes on between two checks of its guard while the stream keeps being ready.
const CHECK_EVERY: u32 = 1024;

/// Wraps a result stream so that it yields `to_error(reason)` and ends as soon as `guard` fires.
///
/// The guard is checked whenever the inner stream has nothing ready, and every [`CHECK_EVERY`] items while
/// it does: a per-item check would cost more than encoding a row.
pub fn guarded<S, T, E, F>(
    stream: S,
    guard: QueryGuard,
    to_error: F,
) -> impl Stream<Item = Result<T, E>> + Send
where
    S: Stream<Item = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
    F: Fn(Interrupted) -> E + Send + Sync + 'static,
{
    Guarded {
        stream: stream.boxed(),
        stop: Box::pin(async move { guard.interrupted().await }),
        to_error,
        since_check: 0,
        done: false,
    }
}

struct Guarded<T, E, F> {
    stream: BoxStream<'static, Result<T, E>>,
    stop: Pin<Box<dyn Future<Output = Interrupted> + Send>>,
    to_error: F,
    since_check: u32,
    done: bool,
}

impl<T, E, F> Guarded<T, E, F>
where
    F: Fn(Interrupted) -> E,
{
    fn poll_stop(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, E>>> {
        self.since_check = 0;
        match self.stop.as_mut().poll(cx) {
            Poll::Ready(reason) => {
                self.done = true;
                Poll::Ready(Some(Err((self.to_error)(reason))))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

// Nothing in `Guarded` is pinned in place: the stream and the stop future are boxed, `to_error` is only called.
impl<T, E, F> Unpin for Guarded<T, E, F> {}

impl<T, E, F> Stream for Guarded<T, E, F>
where
    F: Fn(Interrupted) -> E,
{
    type Item = Result<T, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        if this.since_check >= CHECK_EVERY
            && let Poll::Ready(stopped) = this.poll_stop(cx)
        {
            return Poll::Ready(stopped);
        }
        match this.stream.poll_next_unpin(cx) {
            Poll::Ready(item) => {
                this.since_check += 1;
                this.done = item.is_none();
                Poll::Ready(item)
            }
            // Nothing ready: wait for the stream or the guard, whichever comes first.
            Poll::Pending => this.poll_stop(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cancel_ends_an_endless_stream_with_one_error() {
        let cancel = CancellationToken::new();
        let guard = QueryGuard::new(cancel.clone(), None);
        let endless = futures::stream::repeat_with(|| Ok::<_, Interrupted>(1));
        let mut stream = Box::pin(guarded(endless, guard, |reason| reason));
        assert_eq!(stream.next().await, Some(Ok(1)));
        cancel.cancel();
        // An always-ready stream notices within CHECK_EVERY items.
        let mut passed = 0;
        let stopped = loop {
            match stream.next().await {
                Some(Ok(_)) => passed += 1,
                other => break other,
            }
        };
        assert_eq!(stopped, Some(Err(Interrupted::Canceled)));
        assert!(passed <= CHECK_EVERY, "{passed} items after cancel");
        assert_eq!(stream.next().await, None);
    }

    #[tokio::test(start_paused = true)]
    async fn timeout_ends_a_stalled_stream() {
        let guard = QueryGuard::new(CancellationToken::new(), Some(Duration::from_secs(2)));
        let stalled = futures::stream::pending::<Result<i32, Interrupted>>();
        let mut stream = Box::pin(guarded(stalled, guard, |reason| reason));
        assert_eq!(
            stream.next().await,
            Some(Err(Interrupted::TimedOut(Duration::from_secs(2))))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn zero_timeout_means_none() {
        let guard = QueryGuard::new(CancellationToken::new(), Some(Duration::ZERO));
        let result = guard
            .run(async { Ok::<_, Interrupted>(7) }, |reason| reason)
            .await;
        assert_eq!(result, Ok(7));
    }
}
