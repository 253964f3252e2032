"""The cart in Redis: hash ``cart_<user_id>`` → ``{sku_id: count}`` (guests: ``cart_guest_<id>``).

Counts change inside one Lua script, so two tabs adding at once never lose an update and the
count never passes the stock it was checked against.
"""

from __future__ import annotations

from freshsite.store import store_redis

GUEST_CART_SECONDS = 7 * 24 * 3600

# KEYS[1] cart, KEYS[2] the SKU's stock mirror; ARGV: sku_id, amount, stock ("" = read the
# mirror), mode ("add" | "set" | "merge"), ttl seconds (0: keep).
# Returns {status, count, distinct, stock}: status SAVED, REFUSED (the count would pass the
# stock), NO_STOCK_KNOWN (the mirror is empty: load it and call again), OFF_SHELF, or
# NOT_IN_CART (a "set" for a line the cart does not hold: an update never adds).
_CHANGE_COUNT = """
local stock = ARGV[3]
if stock == '' then
  stock = redis.call('GET', KEYS[2])
  if not stock then return {2, 0, 0, 0} end
  if stock == 'off' then return {3, 0, 0, 0} end
end
stock = tonumber(stock)
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local amount = tonumber(ARGV[2])
local mode = ARGV[4]
if mode == 'set' and current == 0 then return {4, 0, redis.call('HLEN', KEYS[1]), stock} end
local new
if mode == 'set' then new = amount else new = current + amount end
if new > stock then
  if mode ~= 'merge' then return {0, current, redis.call('HLEN', KEYS[1]), stock} end
  new = math.max(current, stock)
end
if new > 0 then redis.call('HSET', KEYS[1], ARGV[1], new) end
local ttl = tonumber(ARGV[5])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) end
return {1, new, redis.call('HLEN', KEYS[1]), stock}
"""
REFUSED, SAVED, NO_STOCK_KNOWN, OFF_SHELF, NOT_IN_CART = 0, 1, 2, 3, 4
STOCK_MIRROR_SECONDS = 300


def user_cart_key(user_id: int) -> str:
    return f"cart_{user_id}"


def guest_cart_key(guest_id: str) -> str:
    return f"cart_guest_{guest_id}"


def _redis():
    return store_redis()


def stock_mirror_key(sku_id: int) -> str:
    """A short-lived copy of the SKU's stock ("off" when not on sale) for the cart's checks.

    It saves a database query on every cart change; it is dropped whenever the SKU is saved or
    ordered, so it is never older than the last change made through the shop.
    """
    return f"sku_stock:{sku_id}"


def stock_mirror_set(sku_id: int, stock: int | None) -> None:
    value = "off" if stock is None else stock
    _redis().set(stock_mirror_key(sku_id), value, ex=STOCK_MIRROR_SECONDS)


def stock_mirror_forget(sku_ids) -> None:
    keys = [stock_mirror_key(sku_id) for sku_id in sku_ids]
    if keys:
        _redis().delete(*keys)


_scripts: dict[str, object] = {}


def _script(source: str):
    """A registered Lua script, made once per process (it runs by its SHA after the first).

    Callers pass ``client=_redis()``: the script object would otherwise keep the client it was
    registered with, not the store as configured now.
    """
    if source not in _scripts:
        _scripts[source] = _redis().register_script(source)
    return _scripts[source]


def change_count(
    *, key: str, sku_id: int, amount: int, mode: str, stock: int | None = None, ttl: int = 0
) -> tuple[int, int, int, int]:
    """Apply one change; returns (status, count now, distinct goods in the cart, stock)."""
    keys = [key, stock_mirror_key(sku_id)]
    args = [sku_id, amount, "" if stock is None else stock, mode, ttl]
    script = _script(_CHANGE_COUNT)
    status, count, distinct, known_stock = script(keys=keys, args=args, client=_redis())
    return int(status), int(count), int(distinct), int(known_stock)


def remove(*, key: str, sku_ids: list[int]) -> int:
    redis = _redis()
    if sku_ids:
        redis.hdel(key, *sku_ids)
    return redis.hlen(key)


# KEYS[1] cart, KEYS[2..] stock mirrors to drop; ARGV: sku_id, count, sku_id, count, ...
_SUBTRACT = """
for i = 1, #ARGV, 2 do
  local left = redis.call('HINCRBY', KEYS[1], ARGV[i], -tonumber(ARGV[i + 1]))
  if left <= 0 then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
if #KEYS > 1 then redis.call('DEL', unpack(KEYS, 2)) end
return redis.call('HLEN', KEYS[1])
"""


def subtract_ordered(*, key: str, counts: dict[int, int]) -> int:
    """Take an order's counts out of the cart, dropping lines that reach zero, and drop those
    SKUs' stock mirrors (the order changed their stock), in one atomic call.
    """
    args = [value for sku_id, count in sorted(counts.items()) for value in (sku_id, count)]
    if not args:
        return distinct_count(key)
    mirrors = [stock_mirror_key(sku_id) for sku_id in sorted(counts)]
    return int(_script(_SUBTRACT)(keys=[key, *mirrors], args=args, client=_redis()))


def keep(*, key: str, sku_id: int, count: int) -> None:
    """Add a line only if the cart does not hold that SKU yet (no stock check)."""
    _redis().hsetnx(key, sku_id, count)


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
