//! The budgets a model is checked against while it is compiled, so that a small file
//! cannot make the engine do unbounded work (a module instantiating the next twice, 18
//! levels deep, is 2^18 instances from 3.6 KB). Each is generous for real models, is
//! checked before the work it bounds is done, and can be raised by an environment
//! variable that its error names.

/// One budget: what it counts, its default, and the variable that overrides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// What is counted, plural ("steps").
    pub what: &'static str,
    /// The environment variable that overrides the default.
    pub env: &'static str,
    pub default: u64,
}

/// Time steps of one run.
pub const STEPS: Limit = Limit { what: "time steps", env: "MILLRACE_MAX_STEPS", default: 1_000_000_000 };

/// Value slots of one simulation instance (every variable of every module instance).
pub const SLOTS: Limit = Limit { what: "value slots", env: "MILLRACE_MAX_SLOTS", default: 1 << 20 };

/// Values held by the ring buffers of the pipeline delays (each holds a run's steps).
pub const BUFFER_VALUES: Limit =
    Limit { what: "delay-buffer values", env: "MILLRACE_MAX_BUFFER_VALUES", default: 1 << 27 };

/// Module instances (explicit modules, stdlib calls, macro calls), nested ones included.
pub const INSTANCES: Limit = Limit { what: "module instances", env: "MILLRACE_MAX_INSTANCES", default: 100_000 };

/// Levels of module nesting (a model inside a model inside ...).
pub const NESTING: Limit = Limit { what: "levels of module nesting", env: "MILLRACE_MAX_NESTING", default: 64 };

/// Bytes of one data file a Vensim model reads (`GET XLS ...`, `GET DIRECT ...`).
pub const DATA_BYTES: Limit = Limit { what: "bytes", env: "MILLRACE_MAX_DATA_BYTES", default: 1 << 28 };

impl Limit {
    /// The budget in force: the environment variable's value when it is a whole number,
    /// else the default.
    pub fn value(&self) -> u64 {
        std::env::var(self.env).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(self.default)
    }

    /// `Err(message)` when `count` exceeds the budget; `what_needs` says what asked for
    /// it ("model `m`").
    pub fn check(&self, count: u64, what_needs: &str) -> Result<(), String> {
        let limit = self.value();
        if count <= limit {
            return Ok(());
        }
        Err(format!(
            "{what_needs} needs {count} {}, more than the limit of {limit} (set {}={} or more to allow it)",
            self.what, self.env, count
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_over_the_default_is_an_error_naming_the_variable_that_raises_it() {
        let limit = Limit { what: "widgets", env: "MILLRACE_TEST_NO_SUCH_LIMIT", default: 10 };
        assert_eq!(limit.check(10, "model `m`"), Ok(()));
        let e = limit.check(11, "model `m`").unwrap_err();
        assert!(e.contains("model `m` needs 11 widgets") && e.contains("MILLRACE_TEST_NO_SUCH_LIMIT=11"), "{e}");
    }
}
