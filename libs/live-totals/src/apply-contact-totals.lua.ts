/**
 * Applies contacts' latest (channel, reason, day, totalMicros) to a tenant's running totals atomically, adding only
 * the difference from what was last applied for each contact: re-applying the same figures changes nothing.
 * KEYS: contact-last, then (contacts, cost-micros) for channel, reason and day.
 * ARGV: groups of contact, channel, reason, day, totalMicros (an integer string).
 * Returns how many contacts changed. Amounts stay strings (HINCRBY is 64-bit; Lua numbers are not).
 */
export const APPLY_CONTACT_TOTALS_LUA = `
local function negate(amount)
  if amount == '0' then return '0' end
  if string.sub(amount, 1, 1) == '-' then return string.sub(amount, 2) end
  return '-' .. amount
end
local function add(first_key, field, count, micros)
  redis.call('HINCRBY', KEYS[first_key], field, count)
  if micros ~= '0' then redis.call('HINCRBY', KEYS[first_key + 1], field, micros) end
end
local changed = 0
for i = 1, #ARGV, 5 do
  local contact, channel, reason, day, micros = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  local encoded = cjson.encode({channel, reason, day, micros})
  local previous = redis.call('HGET', KEYS[1], contact)
  if previous ~= encoded then
    if previous then
      local p = cjson.decode(previous)
      local minus = negate(p[4])
      add(2, p[1], -1, minus)
      add(4, p[2], -1, minus)
      add(6, p[3], -1, minus)
    end
    add(2, channel, 1, micros)
    add(4, reason, 1, micros)
    add(6, day, 1, micros)
    redis.call('HSET', KEYS[1], contact, encoded)
    changed = changed + 1
  end
end
return changed
`;
