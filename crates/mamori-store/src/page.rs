//! Pagination shared by every list.

use serde::Serialize;

pub const MAX_PER_PAGE: u64 = 200;
/// The last page anyone may ask for: far beyond any register, and small enough that
/// the row offset always fits the databases' signed 64-bit integers.
pub const MAX_PAGE: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    /// Clamps whatever a client asked for into a sane window (pages of the UI, where
    /// an out-of-range number is a stale link, not an error).
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Self {
        Self {
            page: page.unwrap_or(1).clamp(1, MAX_PAGE),
            per_page: per_page.unwrap_or(50).clamp(1, MAX_PER_PAGE),
        }
    }

    /// Refuses numbers out of range, naming the parameter (the API, where a client
    /// should learn that it asked for something that cannot be).
    pub fn checked(
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> Result<Self, Vec<mamori_domain::FieldError>> {
        let mut problems = Vec::new();
        if page.is_some_and(|p| !(1..=MAX_PAGE).contains(&p)) {
            problems.push(mamori_domain::FieldError::new(
                "page",
                format!("ページ番号は 1 から {MAX_PAGE} までです。"),
                format!("page must be between 1 and {MAX_PAGE}."),
            ));
        }
        if per_page.is_some_and(|p| !(1..=MAX_PER_PAGE).contains(&p)) {
            problems.push(mamori_domain::FieldError::new(
                "per_page",
                format!("1 ページの件数は 1 から {MAX_PER_PAGE} までです。"),
                format!("per_page must be between 1 and {MAX_PER_PAGE}."),
            ));
        }
        if problems.is_empty() {
            Ok(Self::new(page, per_page))
        } else {
            Err(problems)
        }
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::new(None, None)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page).max(1)
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
        }
    }

    /// [`Page::map`] with a conversion that may fail: the first failure is the result.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, E>>()?,
            page: self.page,
            per_page: self.per_page,
            total: self.total,
        })
    }
}

/// One page of `q`, sorted by `order`, with the count of all its rows (counted without
/// the sort).
pub(crate) async fn fetch<E, C>(
    conn: &C,
    q: sea_orm::Select<E>,
    order: impl FnOnce(sea_orm::Select<E>) -> sea_orm::Select<E>,
    page: PageRequest,
) -> crate::Result<Page<E::Model>>
where
    E: sea_orm::EntityTrait,
    E::Model: Sync,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{PaginatorTrait, QuerySelect};
    let total = q.clone().count(conn).await?;
    let items = order(q)
        .offset(page.offset())
        .limit(page.per_page)
        .all(conn)
        .await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}
