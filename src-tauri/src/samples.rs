//! The sample flows of `flows/`, embedded at build time.

include!(concat!(env!("OUT_DIR"), "/samples.rs"));
