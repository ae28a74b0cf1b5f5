//! Live events to Amplitude: one of the tracker's sinks (its bounded queue, batching, retries
//! and shutdown flush), sending each batch with the client's limits and retries.

use std::sync::{Arc, Mutex};

use super::{AmplitudeClient, Sessions, amplitude_event};
use crate::catalog::ShopperDirectory;
use crate::events::{Event, EventSink, SinkError};

pub struct AmplitudeSink {
    client: AmplitudeClient,
    /// The fictional shoppers, whose persona goes to Amplitude as a user property.
    shoppers: Arc<ShopperDirectory>,
    sessions: Mutex<Sessions>,
}

impl AmplitudeSink {
    pub fn new(client: AmplitudeClient, shoppers: Arc<ShopperDirectory>) -> Self {
        Self {
            client,
            shoppers,
            sessions: Mutex::new(Sessions::default()),
        }
    }

    fn encode(&self, batch: &[Event]) -> Vec<Vec<u8>> {
        let mut sessions = match self.sessions.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        batch
            .iter()
            .map(|e| {
                let start = sessions.start_of(&e.session_id, e.timestamp.as_millis());
                // The tracker knows who is anonymous; everyone else is a shopper or an account.
                let shopper = if e.anonymous {
                    None
                } else {
                    self.shoppers
                        .get(e.user_id.as_str())
                        .map(std::convert::AsRef::as_ref)
                };
                amplitude_event(e, !e.anonymous, shopper, start).to_json()
            })
            .collect()
    }
}

#[async_trait::async_trait]
impl EventSink for AmplitudeSink {
    fn name(&self) -> &'static str {
        "amplitude"
    }

    /// Events go in order, in requests under the API's limits; each request is retried on its
    /// own (429, 5xx), so when one is finally refused the others are not sent twice: the
    /// tracker tries the batch again only if nothing at all went through.
    async fn send(&self, batch: &[Event]) -> Result<(), SinkError> {
        let events = self.encode(batch);
        let d = self.client.send(&events).await;
        let reason = d.last_error.clone().unwrap_or_default();
        match d {
            d if d.lost == 0 => Ok(()),
            d if d.sent == 0 && d.unanswered == d.lost => Err(SinkError::Retry(reason)),
            d => Err(SinkError::Lost {
                events: d.lost,
                reason,
            }),
        }
    }
}
