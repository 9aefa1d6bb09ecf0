//! The console password: setting it on first run, logging in and out, changing it.
//! The session check does not apply here (the server lets the first two through without a session).

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {super::request, crate::session, secrecy::SecretString};

/// First run: sets the console password, given the setup token the console printed, and logs this browser in.
#[server(endpoint = "setup")]
pub async fn set_up(setup_token: String, new_password: String, confirm_password: String) -> Result<(), AppError> {
    let (console, owner, client) = (super::console()?, request::session().await?, request::client_ip().await?);
    same_password_twice(&new_password, &confirm_password)?;
    let (token, password) = (SecretString::from(setup_token), SecretString::from(new_password));
    let version = console.access().set_up(&token, &password, client).await?;
    session::start(&owner, version).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "login")]
pub async fn log_in(password: String) -> Result<(), AppError> {
    let (console, owner, client) = (super::console()?, request::session().await?, request::client_ip().await?);
    let version = console.access().log_in(&SecretString::from(password), client).await?;
    session::start(&owner, version).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn log_out() -> Result<(), AppError> {
    let (console, owner, client) = (super::console()?, request::session().await?, request::client_ip().await?);
    session::end(&owner).await?;
    console.access().log_out(client).await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// Changes the password; every other session (made under the old one) ends, this one stays logged in.
#[server(endpoint = "change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let (console, owner, client) = (super::console()?, request::session().await?, request::client_ip().await?);
    same_password_twice(&new_password, &confirm_password)?;
    let version = console
        .access()
        .change_password(&SecretString::from(current_password), &SecretString::from(new_password), client)
        .await
        .map_err(|error| match AppError::from(error) {
            // Here the password that was checked is the current one.
            AppError::Invalid { field, message } if field == "password" => {
                AppError::invalid("current_password", message)
            }
            other => other,
        })?;
    session::renew(&owner, version).await
}

#[cfg(feature = "ssr")]
fn same_password_twice(new_password: &str, confirm_password: &str) -> Result<(), AppError> {
    if new_password != confirm_password {
        return Err(AppError::invalid("confirm_password", "The two passwords are not the same."));
    }
    Ok(())
}
