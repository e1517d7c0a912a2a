//! The call-flow document model of Callflow Studio.
//!
//! - [`document`]: the flow, its components, exits, keys, error handling and variables;
//! - [`catalog`]: every component kind, once: exits, voice flag, key and error-handling support;
//! - [`config`]: typed views of each kind's config, with the defaults of the domain spec;
//! - [`layout`]: canvas positions, kept apart from logic;
//! - [`scenario`]: environments, caller scripts and saved test calls;
//! - [`file`]: the `*.callflow.json` reader (with migrations) and deterministic writer;
//! - [`canonical`]: the sorted-key pretty JSON writer the file format uses;
//! - [`schema`]: the published JSON Schema;
//! - [`synth`]: synthetic flows of any size for benchmarks and tests.
//!
//! This crate depends on nothing else of ours; everything else depends on it.

pub mod bindings;
pub mod breakpoints;
pub mod canonical;
pub mod catalog;
pub mod config;
pub mod document;
pub mod file;
pub mod layout;
mod prompt_de;
pub mod scenario;
pub mod schema;
pub mod synth;

pub use breakpoints::SavedBreakpoint;
pub use catalog::{
    CatalogEntry, ComponentConfig, ComponentKind, ConfigError, DefaultErrorBehavior, DynamicExits, ExitInfo,
    ExitSpec, KindGroup, KindSpec, Role, catalog, exits_of,
};
pub use document::{
    Component, ComponentId, DtmfKey, ErrorHandling, ExitName, Flow, FlowType, Note, Variable, VariableType,
};
pub use file::{
    FORMAT_TAG, FORMAT_VERSION, FlowFile, ReadError, ReadErrorKind, STARTER_ENTRY_POSITION, TextPosition,
    read_bytes, read_path, read_str,
};
pub use layout::{Layout, Position};
pub use scenario::{
    CallEvent, CallSetup, CampaignRecord, DialerRecord, Environment, Expectations, PathStep, PresenceRules,
    ScriptEvent, TestCall,
};
