//! What the two FastAPI platforms (Clawtter and the Threads backend) share: FastAPI's error answers and
//! pydantic-style request checks.

mod error;
mod validate;

pub(crate) use error::FastApiError;
pub(crate) use validate::{query_flag, query_number, Body};
