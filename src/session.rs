//! The `millrace session` line protocol: one command a line, one reply line each.
//!
//! | command          | reply                                              |
//! |------------------|----------------------------------------------------|
//! | `set NAME VALUE` | `ok` (NAME must be an overridable constant)        |
//! | `get NAME`       | the live value                                     |
//! | `run_to T`       | `ok`                                               |
//! | `run_to_end`     | `ok`                                               |
//! | `reset`          | `ok`                                               |
//! | `clear`          | `ok` (constants and the seed back to their defaults) |
//! | `seed S`         | `ok` (the random functions' run seed, 0 to 2^53-1; kept by `reset`) |
//! | `time`           | the live TIME                                      |
//! | `series NAME`    | the saved values, comma-separated                  |
//! | `vars`           | the output variable names, tab-separated           |
//! | `help`           | the command list                                   |
//!
//! Any failure replies `error: <message>` and the session goes on. Names may contain
//! spaces (`get Teacup Temperature`); blank lines and lines starting with `#` get no
//! reply; `quit` (or end of input) ends the session. Numbers are written in their
//! shortest round-trip form, so a reply parses back to the exact value.

use millrace_engine::Simulation;
use millrace_engine::ir::Global;
use millrace_engine::results::format_f64;

/// A live simulation driven by protocol lines.
pub struct Session {
    sim: Box<dyn Simulation + Send>,
}

/// What a line asks for.
#[derive(Debug, PartialEq)]
pub enum Reply {
    /// Write this line.
    Line(String),
    /// Nothing to write (blank line, comment).
    Silent,
    /// End the session.
    Quit,
}

const HELP: &str = "commands: set NAME VALUE | get NAME | run_to T | run_to_end | reset | clear | seed S | time | series NAME | vars | help | quit";

impl Session {
    pub fn new(sim: Box<dyn Simulation + Send>) -> Self {
        Session { sim }
    }

    /// Carries out one protocol line.
    pub fn handle(&mut self, line: &str) -> Reply {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Reply::Silent;
        }
        let (cmd, rest) = match line.split_once(char::is_whitespace) {
            Some((c, r)) => (c, r.trim()),
            None => (line, ""),
        };
        if cmd == "quit" || cmd == "exit" {
            return Reply::Quit;
        }
        Reply::Line(match self.command(cmd, rest) {
            Ok(reply) => reply,
            Err(message) => format!("error: {message}"),
        })
    }

    fn command(&mut self, cmd: &str, rest: &str) -> Result<String, String> {
        let sim = &mut self.sim;
        let name = |what: &str| {
            if rest.is_empty() { Err(format!("usage: {what}")) } else { Ok(rest) }
        };
        let ok = |r: Result<(), millrace_engine::SimError>| r.map(|()| "ok".to_owned()).map_err(|e| e.to_string());
        match cmd {
            "set" => {
                let (name, value) = rest.rsplit_once(char::is_whitespace).ok_or("usage: set NAME VALUE")?;
                // The one rule for parameter values (crate::value): a finite number.
                let value = crate::value::parse(name.trim(), value)?;
                ok(sim.set_by_name(name.trim(), value))
            }
            "get" => sim.get_by_name(name("get NAME")?).map(format_f64).map_err(|e| e.to_string()),
            "run_to" => ok(sim.run_to(parse_number(name("run_to T")?)?)),
            "run_to_end" => ok(sim.run_to_end()),
            "reset" => ok(sim.reset()),
            "clear" => ok(sim.clear_values()),
            "seed" => {
                let max = millrace_engine::numerics::random::MAX_SEED;
                let text = name("seed S")?;
                let seed = text
                    .parse::<u64>()
                    .ok()
                    .filter(|&s| s <= max)
                    .ok_or_else(|| format!("`{text}` is not a seed: a whole number from 0 to {max}"))?;
                ok(sim.set_seed(seed))
            }
            "time" => sim.get_value(Global::Time.slot()).map(format_f64).map_err(|e| e.to_string()),
            "series" => {
                let values = sim.series_by_name(name("series NAME")?).map_err(|e| e.to_string())?;
                Ok(values.into_iter().map(format_f64).collect::<Vec<_>>().join(","))
            }
            "vars" => Ok(sim.program().layout.outputs().map(|v| v.name.as_str()).collect::<Vec<_>>().join("\t")),
            "help" => Ok(HELP.to_owned()),
            other => Err(format!("unknown command `{other}`; {HELP}")),
        }
    }
}

fn parse_number(text: &str) -> Result<f64, String> {
    text.trim().parse::<f64>().map_err(|_| format!("`{}` is not a number", text.trim()))
}
