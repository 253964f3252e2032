"""The cart in Redis: hash ``cart_<user_id>`` → ``{sku_id: count}`` (guests: ``cart_guest_<id>``).

Counts change inside one Lua script, so two tabs adding at once never lose an update and the
count never passes the stock it was checked against.
"""

from __future__ import annotations

from django_redis import get_redis_connection

GUEST_CART_SECONDS = 7 * 24 * 3600

# KEYS[1] cart; ARGV: sku_id, amount, stock, mode ("add" | "set" | "merge"), ttl seconds (0: keep)
# Returns {status, count, distinct}: status 1 saved, 0 refused (count would pass stock).
_CHANGE_COUNT = """
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local amount = tonumber(ARGV[2])
local stock = tonumber(ARGV[3])
local mode = ARGV[4]
local new
if mode == 'set' then new = amount else new = current + amount end
if new > stock then
  if mode ~= 'merge' then return {0, current, redis.call('HLEN', KEYS[1])} end
  new = math.max(current, stock)
end
if new > 0 then redis.call('HSET', KEYS[1], ARGV[1], new) end
local ttl = tonumber(ARGV[5])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
return {1, new, redis.call('HLEN', KEYS[1])}
"""


def user_cart_key(user_id: int) -> str:
    return f"cart_{user_id}"


def guest_cart_key(guest_id: str) -> str:
    return f"cart_guest_{guest_id}"


def _redis():
    return get_redis_connection("default")


def change_count(
    *, key: str, sku_id: int, amount: int, stock: int, mode: str, ttl: int = 0
) -> tuple[bool, int, int]:
    """Apply one change; returns (saved, count of this SKU now, distinct goods in the cart)."""
    script = _redis().register_script(_CHANGE_COUNT)
    saved, count, distinct = script(keys=[key], args=[sku_id, amount, stock, mode, ttl])
    return bool(saved), int(count), int(distinct)


def remove(*, key: str, sku_ids: list[int]) -> int:
    redis = _redis()
    if sku_ids:
        redis.hdel(key, *sku_ids)
    return redis.hlen(key)


def distinct_count(key: str) -> int:
    return _redis().hlen(key)


def items(key: str) -> dict[int, int]:
    return {int(sku): int(count) for sku, count in _redis().hgetall(key).items()}


def counts_of(key: str, sku_ids: list[int]) -> dict[int, int]:
    if not sku_ids:
        return {}
    values = _redis().hmget(key, sku_ids)
    return {sku: int(value) for sku, value in zip(sku_ids, values, strict=True) if value}


def delete(key: str) -> None:
    _redis().delete(key)
