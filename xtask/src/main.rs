//! The maintainer's tool (not published, a workspace of its own), on the
//! generator's own spec code (`intercom-api-codegen` without generation):
//!
//! - `update-specs …` (`scripts/update-specs`): follows Intercom's revised
//!   descriptions ([`update`]);
//! - `new-version VERSION [CHECKOUT]` (`scripts/new-version`): adds an API
//!   version ([`new_version`]).

mod new_version;
mod update;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let (name, result) = if args.first().map(String::as_str) == Some("new-version") {
        args.remove(0);
        ("new-version", new_version::main(args))
    } else {
        ("update-specs", update::main(args))
    };
    if let Err(e) = result {
        eprintln!("{name}: {e}");
        std::process::exit(1);
    }
}
