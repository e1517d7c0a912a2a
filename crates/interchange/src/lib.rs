//! Interchange with other contact-centre platforms. Today: Amazon Connect's flow language
//! (`Version: "2019-10-30"`, `StartAction`, `Actions[]`), both ways.
//!
//! - [`connect`]: serde types of the Connect format, and the reader that also accepts the JSON
//!   that wraps a flow's `Content` as a string (`aws connect describe-contact-flow`, Terraform
//!   and CI exports);
//! - [`import`]: Connect JSON -> a flow file plus an [`ImportReport`] naming every action (or part
//!   of one) that has no equivalent, with its identifier and why;
//! - [`export`]: a flow -> Connect JSON plus an [`ExportReport`] naming every component (or part of
//!   one) that has no Connect equivalent.
//!
//! `docs/amazon-connect.md` holds the mapping table. The rule throughout: what is mapped behaves
//! the same; what is not is never guessed silently, it is listed in the report.

pub mod connect;
pub mod export;
pub mod import;
mod names;

pub use connect::{ConnectFlow, InterchangeError, parse_connect};
pub use export::{ExportReport, Exported, UnmappedPart, export_connect};
pub use import::{Approximation, ImportReport, Imported, UnmappedAction, import_connect};
