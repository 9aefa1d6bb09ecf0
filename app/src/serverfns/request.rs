//! What a server function knows about the request it answers: the owner's session and the client's address.

use crate::error::AppError;
use axum::extract::ConnectInfo;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| AppError::Internal(format!("The console session is missing from the request: {e}.")))
}

/// The client's IP address, which login throttling and the audit log go by.
pub async fn client_ip() -> Result<IpAddr, AppError> {
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip())
        .map_err(|e| AppError::Internal(format!("The client's address is missing from the request: {e}.")))
}
