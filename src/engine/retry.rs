//! When a request to an engine is tried again: on 429 Too Many Requests and 503 Service
//! Unavailable (the engine is shedding load, or a shard is moving; Quickwit sends no
//! Retry-After) and on 502 and 504 from a gateway in front of it, with exponential backoff and
//! jitter, a bounded number of times; when the connection fails, three times. Every other answer is
//! final: a 4xx says the request is wrong, and sending it again would not help.

use std::time::Duration;

/// How often and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The wait before the first retry (before jitter).
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

impl Default for Retry {
    /// 8 tries, waiting about 0.5, 1, 2, 4, 8, 16 and 30 seconds: two minutes for an engine to
    /// catch up.
    fn default() -> Retry {
        Retry { attempts: 8, first_delay: Duration::from_millis(500), max_delay: Duration::from_secs(30) }
    }
}

/// What a try of a request gave, as far as retrying goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The engine answered with this HTTP status.
    Status(u16),
    /// No answer: the connection was refused, reset or timed out.
    NoConnection,
}

impl Answer {
    /// Whether trying again may give another answer.
    pub fn is_transient(self) -> bool {
        match self {
            Answer::Status(status) => matches!(status, 429 | 502 | 503 | 504),
            Answer::NoConnection => true,
        }
    }
}

impl Retry {
    /// The wait before try number `attempt` + 1, after try `attempt` (1-based) gave `answer`;
    /// `None` when the request is not tried again. `jitter` in `[0, 1)` spreads the waits of
    /// clients that failed together: the wait is between half and all of the exponential delay.
    pub fn after(&self, attempt: u32, answer: Answer, jitter: f64) -> Option<Duration> {
        // A refused connection is more often a wrong address than a busy engine: tried three times.
        let attempts = if answer == Answer::NoConnection { self.attempts.min(3) } else { self.attempts };
        if !answer.is_transient() || attempt >= attempts {
            return None;
        }
        let exponential = self.first_delay.saturating_mul(1u32 << (attempt - 1).min(20));
        let delay = exponential.min(self.max_delay);
        Some(delay.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_shedding_is_retried_with_growing_waits() {
        let retry = Retry::default();
        let waits: Vec<Duration> =
            (1..retry.attempts).map(|attempt| retry.after(attempt, Answer::Status(429), 1.0).unwrap()).collect();
        let seconds: Vec<f64> = waits.iter().map(Duration::as_secs_f64).collect();
        assert_eq!(seconds, [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0]);
        assert_eq!(retry.after(retry.attempts, Answer::Status(429), 1.0), None, "the last try is final");
        assert_eq!(retry.after(1, Answer::Status(503), 0.0), Some(Duration::from_millis(250)), "jitter halves at most");
        assert!(retry.after(2, Answer::NoConnection, 0.5).is_some());
        assert_eq!(retry.after(3, Answer::NoConnection, 0.5), None, "a lost connection is tried three times");
    }

    #[test]
    fn answers_that_would_not_change_are_not_retried() {
        let retry = Retry::default();
        for status in [200, 400, 401, 403, 404, 409, 413, 415, 500] {
            assert_eq!(retry.after(1, Answer::Status(status), 0.5), None, "{status}");
        }
    }

    #[test]
    fn waits_never_overflow() {
        let retry = Retry { attempts: 100, first_delay: Duration::from_secs(1), max_delay: Duration::from_secs(60) };
        assert_eq!(retry.after(99, Answer::Status(503), 1.0), Some(Duration::from_secs(60)));
    }
}
