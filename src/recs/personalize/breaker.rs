//! A circuit breaker per Personalize resource: after a run of failures the shelf stops waiting
//! on Personalize for a while and the embedded engine answers at once; one trial call then tells
//! whether Personalize is back.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// The cool-down is over and one trial call is out; others keep falling back until it ends.
    Trial,
}

pub struct CircuitBreaker {
    threshold: u32,
    cooldown: Duration,
    state: Mutex<State>,
}

impl CircuitBreaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cooldown,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// May this call go to Personalize? Moving from open to a trial happens here.
    pub fn allow(&self) -> bool {
        let mut state = self.lock();
        match *state {
            State::Closed { .. } => true,
            State::Open { until } if Instant::now() >= until => {
                *state = State::Trial;
                true
            }
            State::Open { .. } | State::Trial => false,
        }
    }

    pub fn succeeded(&self) {
        *self.lock() = State::Closed { failures: 0 };
    }

    /// Returns true when this failure opened the breaker.
    pub fn failed(&self) -> bool {
        let mut state = self.lock();
        let open = State::Open {
            until: Instant::now() + self.cooldown,
        };
        match *state {
            State::Closed { failures } if failures + 1 >= self.threshold => {
                *state = open;
                true
            }
            State::Closed { failures } => {
                *state = State::Closed {
                    failures: failures + 1,
                };
                false
            }
            State::Trial => {
                *state = open;
                true
            }
            State::Open { .. } => false,
        }
    }

    pub fn is_open(&self) -> bool {
        !matches!(*self.lock(), State::Closed { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_the_threshold_and_tries_again_after_the_cooldown() {
        let b = CircuitBreaker::new(3, Duration::from_millis(30));
        assert!(b.allow());
        assert!(!b.failed());
        assert!(!b.failed());
        assert!(b.failed(), "the third failure in a row opens it");
        assert!(!b.allow(), "open: calls fall back at once");
        std::thread::sleep(Duration::from_millis(40));
        assert!(b.allow(), "after the cool-down one trial call goes out");
        assert!(!b.allow(), "only one");
        assert!(b.failed(), "a failed trial opens it again");
        assert!(!b.allow());
        std::thread::sleep(Duration::from_millis(40));
        assert!(b.allow());
        b.succeeded();
        assert!(!b.is_open());
        assert!(b.allow() && b.allow(), "closed again");
    }

    #[test]
    fn a_success_resets_the_count() {
        let b = CircuitBreaker::new(2, Duration::from_secs(60));
        assert!(!b.failed());
        b.succeeded();
        assert!(!b.failed(), "the count starts over after a success");
        assert!(b.failed());
    }
}
