//! A funnel's read on PostgreSQL: the selection streamed with `COPY (SELECT …) TO STDOUT
//! (FORMAT binary)` and its tuples decoded here, straight into [`FunnelRows`]. Fetching the rows
//! through the driver cost a decoded row (and a string per column) each, which over tens of
//! millions of events was most of the read; the binary format is length-prefixed bytes that
//! are read in place.

use std::future::poll_fn;
use std::pin::Pin;

use futures_core::Stream;
use sqlx::PgPool;

use super::StoreError;
use super::funnel::FunnelSelection;
use crate::analytics::rows::FunnelRows;
use crate::events::EventType;

/// What every binary `COPY` stream starts with (then 4 bytes of flags and an extension).
const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";

/// Reads `selection` (its statement with the values written in: `COPY` takes no parameters).
pub(super) async fn read_funnel_rows_copy(
    pool: &PgPool,
    selection: &FunnelSelection,
) -> Result<FunnelRows, StoreError> {
    let sql = format!(
        "COPY ({}) TO STDOUT (FORMAT binary)",
        selection.sql_inline()
    );
    let mut conn = pool.acquire().await?;
    let mut stream = conn.copy_out_raw(&sql).await?;
    let mut decoder = Decoder::new(selection.properties.len());
    let mut out = FunnelRows::new(&selection.properties);
    while let Some(chunk) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        decoder.feed(&chunk?, &mut out)?;
    }
    decoder.finish()?;
    Ok(out)
}

/// Decodes a binary `COPY` stream of the funnel's columns (user, session, event type, time,
/// then the properties' JSON texts), whatever its chunks' boundaries.
struct Decoder {
    properties: usize,
    /// Bytes of an incomplete tuple (or header) carried over to the next chunk.
    pending: Vec<u8>,
    header_read: bool,
    ended: bool,
    /// One tuple's property values as (start, end) in its chunk, `None` for NULL.
    values: Vec<Option<(usize, usize)>>,
}

/// Why a `COPY` stream could not be decoded: PostgreSQL sent what the statement does not ask
/// for, which only a different server or a broken connection would.
fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("a funnel's COPY stream: {what}"))
}

impl Decoder {
    fn new(properties: usize) -> Decoder {
        Decoder {
            properties,
            pending: Vec::new(),
            header_read: false,
            ended: false,
            values: Vec::with_capacity(properties),
        }
    }

    /// Decodes the whole tuples in `chunk` (after what was pending) into `out`.
    fn feed(&mut self, chunk: &[u8], out: &mut FunnelRows) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            let used = self.decode(chunk, out)?;
            self.pending.extend_from_slice(&chunk[used..]);
        } else {
            let mut data = std::mem::take(&mut self.pending);
            data.extend_from_slice(chunk);
            let used = self.decode(&data, out)?;
            data.drain(..used);
            self.pending = data;
        }
        Ok(())
    }

    /// Decodes whole tuples from the start of `data`; returns how many bytes they took.
    fn decode(&mut self, data: &[u8], out: &mut FunnelRows) -> Result<usize, StoreError> {
        let mut at = 0;
        if !self.header_read {
            let Some(extension) = data.get(SIGNATURE.len() + 4..SIGNATURE.len() + 8) else {
                return Ok(0);
            };
            if !data.starts_with(SIGNATURE) {
                return Err(corrupt("no binary COPY signature"));
            }
            let header = SIGNATURE.len() + 8 + be_u32(extension) as usize;
            if data.len() < header {
                return Ok(0);
            }
            at = header;
            self.header_read = true;
        }
        let columns = 4 + self.properties;
        loop {
            if self.ended {
                return Ok(at);
            }
            let Some(count) = data.get(at..at + 2) else {
                return Ok(at);
            };
            let count = i16::from_be_bytes([count[0], count[1]]);
            if count == -1 {
                self.ended = true;
                at += 2;
                continue;
            }
            if count as usize != columns {
                return Err(corrupt("a tuple with an unexpected number of columns"));
            }
            let mut p = at + 2;
            let mut fields: [Option<&[u8]>; 4] = [None; 4];
            self.values.clear();
            let mut complete = true;
            for i in 0..columns {
                let Some(len) = data.get(p..p + 4) else {
                    complete = false;
                    break;
                };
                let len = i32::from_be_bytes([len[0], len[1], len[2], len[3]]);
                p += 4;
                let span = if len < 0 {
                    None
                } else {
                    let end = p + len as usize;
                    if end > data.len() {
                        complete = false;
                        break;
                    }
                    let span = (p, end);
                    p = end;
                    Some(span)
                };
                if let Some(key) = fields.get_mut(i) {
                    *key = span.map(|(start, end)| &data[start..end]);
                } else {
                    if let Some((start, end)) = span
                        && std::str::from_utf8(&data[start..end]).is_err()
                    {
                        return Err(corrupt("a property that is not UTF-8"));
                    }
                    self.values.push(span);
                }
            }
            if !complete {
                return Ok(at);
            }
            let occurred_at: [u8; 8] = fields[3]
                .and_then(|t| t.try_into().ok())
                .ok_or_else(|| corrupt("a time that is not a BIGINT"))?;
            let event_type = key_text(fields[2])?;
            at = p;
            // A type this build does not know is not one the selection asked for.
            let Some(event_type) = EventType::parse(event_type) else {
                continue;
            };
            // Checked as UTF-8 above.
            let values = self.values.iter().map(|span| {
                span.and_then(|(start, end)| std::str::from_utf8(&data[start..end]).ok())
            });
            out.push_borrowed(
                key_text(fields[0])?,
                key_text(fields[1])?,
                event_type,
                i64::from_be_bytes(occurred_at),
                values,
            );
        }
    }

    /// Checks that the stream ended where a `COPY` stream ends.
    fn finish(self) -> Result<(), StoreError> {
        if !self.ended || !self.pending.is_empty() {
            return Err(corrupt("it ended in the middle"));
        }
        Ok(())
    }
}

/// A key column's text (user, session, event type): never NULL.
fn key_text(field: Option<&[u8]>) -> Result<&str, StoreError> {
    std::str::from_utf8(field.ok_or_else(|| corrupt("a NULL key column"))?)
        .map_err(|_| corrupt("a key column that is not UTF-8"))
}

fn be_u32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}
