use std::future::Future;
use std::time::Duration;

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

/// Wraps a result stream so that it yields `to_error(reason)` and ends as soon as `guard` fires.
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
    let stop = Box::pin(async move { guard.interrupted().await });
    futures::stream::unfold(Some((stream.boxed(), stop, to_error)), |state| async move {
        let (mut stream, mut stop, to_error) = state?;
        tokio::select! {
            biased;
            reason = &mut stop => Some((Err(to_error(reason)), None)),
            item = stream.next() => item.map(|item| (item, Some((stream, stop, to_error)))),
        }
    })
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
        assert_eq!(stream.next().await, Some(Err(Interrupted::Canceled)));
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
