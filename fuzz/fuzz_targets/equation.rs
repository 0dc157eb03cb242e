//! The equation parser, in both its syntaxes (XMILE's and Vensim's): any text parses or
//! gives an error, and an error's offset points into the text (the reader turns it
//! into a line and column).

#![no_main]

use libfuzzer_sys::fuzz_target;
use millrace_engine::equation::{parse, parse_vensim};

fuzz_target!(|text: &str| {
    for (syntax, result) in [("XMILE", parse(text)), ("Vensim", parse_vensim(text))] {
        if let Err(e) = result {
            assert!(e.offset <= text.len(), "{syntax}: error offset {} past the end of {} bytes", e.offset, text.len());
        }
    }
});
