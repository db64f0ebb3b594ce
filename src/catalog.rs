//! Product reads through an in-memory cache (moka), so create and update
//! respond from memory when warm. Concurrent misses for one item share a
//! single shop read. Complete bypasses the cache with [`Catalog::read_fresh`].

use std::sync::Arc;

use moka::future::Cache;

use crate::config::CacheConfig;
use crate::metrics;
use crate::shop::{Product, Shop, ShopFailure};

/// Cached product reads in front of a [`Shop`].
pub struct Catalog {
    shop: Arc<Shop>,
    cache: Cache<String, Product>,
}

impl Catalog {
    pub fn new(shop: Arc<Shop>, config: &CacheConfig) -> Catalog {
        let cache = Cache::builder()
            .max_capacity(config.max_entries)
            .time_to_live(config.ttl)
            .build();
        Catalog { shop, cache }
    }

    pub fn shop(&self) -> &Shop {
        &self.shop
    }

    /// Reads an item, from memory when a read younger than the TTL exists.
    /// Failures are not cached.
    pub async fn read(&self, item_id: &str) -> Result<Product, ShopFailure> {
        if let Some(product) = self.cache.get(item_id).await {
            metrics::record_cache(true);
            return Ok(product);
        }

        metrics::record_cache(false);
        let shop = Arc::clone(&self.shop);
        let id = item_id.to_string();
        self.cache
            .try_get_with(
                item_id.to_string(),
                async move { shop.read_product(&id).await },
            )
            .await
            .map_err(|error| ShopFailure::clone(&error))
    }

    /// Reads an item from the shop, never from memory, and refreshes the cache.
    pub async fn read_fresh(&self, item_id: &str) -> Result<Product, ShopFailure> {
        let product = self.shop.read_product(item_id).await?;
        self.cache
            .insert(item_id.to_string(), product.clone())
            .await;
        Ok(product)
    }
}
