-- Rampart flag write (docs/flag-format.md): compare-and-set, bump the version, publish the
-- change, all in one atomic step.
-- KEYS[1]  the flag's hash, rampart:flag:<name>
-- KEYS[2]  (optional) the sorted set of applied change ids, rampart:flag:<name>:applied:
--          member change id, score its version; the newest 1000 are kept, so a writer whose
--          answer was lost can learn whether, and as which version, its change was applied
-- ARGV     [1] expected version ('' = whatever is there), [2] percentage, [3] stage,
--          [4] updated_by, [5] updated_at, [6] reason, [7] flag name, [8] change channel,
--          [9] change id ('' = none), [10] version floor ('' = 0): versions never go back,
--          even after Redis lost the hash, so the new version is max(current, floor) + 1,
--          [11] '0' when the floor is not final: a missing hash is then refused with {2, 0},
--          so the writer can fetch the floor from the audit trail first
-- Returns  {1, new version}, {0, current version} when the expected version differs, or
--          {2, 0} when the hash is missing and the floor was not final.
local current = redis.call('HGET', KEYS[1], 'version')
if current then
  current = tonumber(current)
  if not current then
    return redis.error_reply('ERR rampart: the version field of ' .. KEYS[1] .. ' is not a number')
  end
else
  current = 0
end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then
  return {0, current}
end
if current == 0 and ARGV[11] == '0' then
  return {2, 0}
end
local floor = tonumber(ARGV[10] or '') or 0
local version = math.max(current, floor) + 1
redis.call('HSET', KEYS[1], 'percentage', ARGV[2], 'stage', ARGV[3],
           'version', string.format('%d', version), 'updated_by', ARGV[4],
           'updated_at', ARGV[5], 'reason', ARGV[6], 'change_id', ARGV[9] or '')
if KEYS[2] and (ARGV[9] or '') ~= '' then
  redis.call('ZADD', KEYS[2], version, ARGV[9])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -1001)
end
redis.call('PUBLISH', ARGV[8], cjson.encode({
  flag = ARGV[7], version = version, percentage = tonumber(ARGV[2]), stage = ARGV[3],
  updated_by = ARGV[4], updated_at = ARGV[5], reason = ARGV[6], change_id = ARGV[9] or ''}))
return {1, version}
