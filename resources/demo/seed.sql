-- =============================================================================
-- Ebb demo warehouse -- seed script
--
-- Builds the small SQLite "warehouse" that ships with Ebb as its demo source:
-- 1,200 accounts, 5,200 customers (plus a handful of duplicate rows) and the
-- customer_scores view. Run once on an empty database (sqlite3_exec).
--
-- Generated deterministically: there is no random(), no clock and no
-- now()-relative date. Every value comes from recursive CTEs and integer
-- hashing of the row number, so each run produces byte-identical data.
--
-- The data is deliberately dirty. After the clean bulk insert, the groups of
-- UPDATE/INSERT statements at the end break specific rows in known ways
-- (malformed, NULL and duplicate emails, overlong names, off-list plans,
-- timestamps in a DATE column, out-of-range scores, missing countries,
-- duplicate ids), so that sync previews have real rejects to show.
-- Each dirty group touches its own set of customers (customer_id % 127 = k),
-- so the groups do not overlap and the counts below are exact.
-- =============================================================================

BEGIN;

CREATE TABLE accounts (
  account_id INTEGER PRIMARY KEY,
  company TEXT NOT NULL,
  domain TEXT,
  industry TEXT,
  employees INTEGER,
  created_at TIMESTAMP
);

CREATE TABLE customers (
  customer_id INTEGER,
  account_id INTEGER REFERENCES accounts(account_id),
  email TEXT,
  first_name TEXT,
  last_name TEXT,
  plan TEXT,
  country TEXT,
  lifetime_value DECIMAL(12,2),
  lead_score INTEGER,
  is_active BOOLEAN,
  signup_date DATE,
  updated_at TIMESTAMP
);

CREATE INDEX customers_email ON customers(email);

-- ---------------------------------------------------------------------------
-- Accounts: 40 prefixes x 30 suffixes = exactly 1,200 distinct company names.
-- For account i (0-based), prefix = i % 40, suffix = (i / 40 * 11 + p * 7) % 30
-- is a bijection, so names (and domains) are unique.
-- ---------------------------------------------------------------------------
INSERT INTO accounts (account_id, company, domain, industry, employees, created_at)
WITH RECURSIVE
  seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1200),
  pre(i, w) AS (VALUES
    (0,'Northwind'),(1,'Acme'),(2,'Globex'),(3,'Initech'),(4,'Contoso'),(5,'Fabrikam'),
    (6,'Tailspin'),(7,'Wingtip'),(8,'Litware'),(9,'Proseware'),(10,'Lucerne'),(11,'Margie'),
    (12,'Alpine'),(13,'Coho'),(14,'Fourth Coffee'),(15,'Humongous'),(16,'Trey'),(17,'Woodgrove'),
    (18,'Blue Yonder'),(19,'Bluebird'),(20,'Redwood'),(21,'Ironclad'),(22,'Silverline'),
    (23,'Brightwave'),(24,'Cobalt'),(25,'Summit'),(26,'Harbor'),(27,'Granite'),(28,'Evergreen'),
    (29,'Pinnacle'),(30,'Vertex'),(31,'Quantum'),(32,'Nimbus'),(33,'Aurora'),(34,'Falcon'),
    (35,'Meridian'),(36,'Orion'),(37,'Sterling'),(38,'Keystone'),(39,'Cascade')),
  suf(i, w) AS (VALUES
    (0,'Logistics'),(1,'Analytics'),(2,'Systems'),(3,'Labs'),(4,'Dynamics'),(5,'Solutions'),
    (6,'Industries'),(7,'Networks'),(8,'Partners'),(9,'Robotics'),(10,'Foods'),(11,'Health'),
    (12,'Energy'),(13,'Capital'),(14,'Media'),(15,'Software'),(16,'Retail'),(17,'Motors'),
    (18,'Bio'),(19,'Cloud'),(20,'Security'),(21,'Ventures'),(22,'Group'),(23,'Holdings'),
    (24,'Studios'),(25,'Telecom'),(26,'Freight'),(27,'Pharma'),(28,'Apparel'),(29,'Insurance')),
  ind(i, w) AS (VALUES
    (0,'Software'),(1,'Retail'),(2,'Healthcare'),(3,'Financial Services'),
    (4,'Manufacturing'),(5,'Logistics'),(6,'Media'),(7,'Education')),
  h0(n, i, a, b) AS (SELECT n, (n - 1) * 7919 % 1200,
                            (n * 7919 + 13) * (n * 7919 + 13) % 1000003,
                            (n * n * 31 + n * 104729 + 7) % 1000033 FROM seq),
  h(n, i, a, b, c) AS (SELECT n, i, a, b, (a * b + n * 7) % 999983 FROM h0)
SELECT h.n,
       pre.w || ' ' || suf.w,
       lower(replace(pre.w || suf.w, ' ', '')) || '.com',
       ind.w,
       -- skewed towards small companies: 1..20000
       1 + (h.a % 20000) * (h.b % 100) * (h.b % 100) / 10000,
       datetime('2015-01-01', '+' || ((h.c * 331 + h.b) % 315360000) || ' seconds')
FROM h
JOIN pre ON pre.i = h.i % 40
JOIN suf ON suf.i = (h.i / 40 * 11 + (h.i % 40) * 7) % 30
JOIN ind ON ind.i = (h.b / 7) % 8
ORDER BY h.n;

-- ---------------------------------------------------------------------------
-- Customers: 5,200 clean rows, customer_id 1..5200.
-- Names carry an ASCII slug used for the email local part, so clean emails
-- stay plain ASCII even for names such as 'Zoë', 'Łukasz' or '美咲'.
-- ---------------------------------------------------------------------------
INSERT INTO customers
WITH RECURSIVE
  seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 5200),
  fn(i, name, slug) AS (VALUES
    (0,'James','james'),(1,'Mary','mary'),(2,'Olivia','olivia'),(3,'Liam','liam'),(4,'Emma','emma'),
    (5,'Noah','noah'),(6,'Sophia','sophia'),(7,'Lucas','lucas'),(8,'Mia','mia'),(9,'Ethan','ethan'),
    (10,'Ava','ava'),(11,'Mateo','mateo'),(12,'Chloe','chloe'),(13,'Oliver','oliver'),
    (14,'Hannah','hannah'),(15,'Leo','leo'),(16,'Amelia','amelia'),(17,'Hugo','hugo'),
    (18,'Isla','isla'),(19,'Felix','felix'),(20,'Nora','nora'),(21,'Arjun','arjun'),
    (22,'Priya','priya'),(23,'Kenji','kenji'),(24,'Yuki','yuki'),(25,'Sofia','sofia'),
    (26,'Lars','lars'),(27,'Ingrid','ingrid'),(28,'Pierre','pierre'),(29,'Camille','camille'),
    (30,'Zoë','zoe'),(31,'José','jose'),(32,'Björn','bjorn'),(33,'Łukasz','lukasz'),
    (34,'美咲','misaki'),(35,'Renée','renee'),(36,'François','francois'),(37,'Søren','soren'),
    (38,'Aoife','aoife'),(39,'Raj','raj')),
  ln(i, name, slug) AS (VALUES
    (0,'Smith','smith'),(1,'Johnson','johnson'),(2,'Garcia','garcia'),(3,'Miller','miller'),
    (4,'Davis','davis'),(5,'Martinez','martinez'),(6,'Brown','brown'),(7,'Wilson','wilson'),
    (8,'Anderson','anderson'),(9,'Taylor','taylor'),(10,'Thomas','thomas'),(11,'Moore','moore'),
    (12,'Jackson','jackson'),(13,'Martin','martin'),(14,'Lee','lee'),(15,'Clark','clark'),
    (16,'Lewis','lewis'),(17,'Walker','walker'),(18,'Hall','hall'),(19,'Young','young'),
    (20,'King','king'),(21,'Wright','wright'),(22,'Lopez','lopez'),(23,'Hill','hill'),
    (24,'Scott','scott'),(25,'Green','green'),(26,'Adams','adams'),(27,'Patel','patel'),
    (28,'Sharma','sharma'),(29,'Tanaka','tanaka'),(30,'Sato','sato'),(31,'Schmidt','schmidt'),
    (32,'Dubois','dubois'),(33,'Rossi','rossi'),(34,'Silva','silva'),(35,'Nguyen','nguyen'),
    (36,'Müller','muller'),(37,'Ødegaard','odegaard'),(38,'Núñez','nunez'),(39,'高橋','takahashi')),
  -- 20 slots, weighted towards US
  cty(i, code) AS (VALUES
    (0,'US'),(1,'US'),(2,'US'),(3,'US'),(4,'US'),(5,'US'),(6,'GB'),(7,'GB'),(8,'DE'),(9,'DE'),
    (10,'FR'),(11,'FR'),(12,'ES'),(13,'SE'),(14,'CA'),(15,'CA'),(16,'JP'),(17,'BR'),(18,'IN'),(19,'IN')),
  h0(n, a, b) AS (SELECT n, (n * 7919 + 13) * (n * 7919 + 13) % 1000003,
                            (n * n * 31 + n * 104729 + 7) % 1000033 FROM seq),
  h(n, a, b, c) AS (SELECT n, a, b, (a * b + n * 7) % 999983 FROM h0),
  r AS (
    SELECT h.n, h.a, h.b, h.c,
           1 + (h.a * 3 + h.b) % 1200 AS account_id,
           CASE WHEN h.c % 100 < 40 THEN 'free' WHEN h.c % 100 < 70 THEN 'starter'
                WHEN h.c % 100 < 90 THEN 'pro' ELSE 'enterprise' END AS plan,
           date('2019-01-01', '+' || ((h.c / 100) % 2861) || ' days') AS signup_date
    FROM h)
SELECT r.n, r.account_id,
       fn.slug || '.' || ln.slug || r.n || '@' || acc.domain,
       fn.name, ln.name, r.plan, cty.code,
       -- lifetime value in cents, capped per plan, stored as a decimal literal
       ((r.a * 7 + r.b) % (CASE r.plan WHEN 'free' THEN 25001 WHEN 'starter' THEN 500001
                                       WHEN 'pro' THEN 2000001 ELSE 5000001 END)) / 100.0,
       (r.b / 11) % 101,
       CASE WHEN (r.c / 7) % 10 < 8 THEN 1 ELSE 0 END,
       r.signup_date,
       -- updated_at: after max(signup_date, 2026-01-01), no later than 2026-11-27 23:59:59
       datetime(max(r.signup_date, '2026-01-01'), '+' || ((r.a * 31 + r.c) %
         (strftime('%s', '2026-11-28') - strftime('%s', max(r.signup_date, '2026-01-01')))) || ' seconds')
FROM r
JOIN fn ON fn.i = (r.a + r.c) % 40
JOIN ln ON ln.i = (r.b / 3) % 40
JOIN cty ON cty.i = (r.c / 7) % 20
JOIN accounts acc ON acc.account_id = r.account_id
ORDER BY r.n;

-- ===========================================================================
-- Dirty data. Group k touches customer_id = 127*q + k, q = 0 .. count-1.
-- ===========================================================================

-- [1] malformed_email (k=11, 40 rows, 8 of each kind): missing '@', double '@@',
--     trailing dot, space inside the local part, 'name@localhost' without TLD.
UPDATE customers SET email = CASE (customer_id / 127) % 5
    WHEN 0 THEN replace(email, '@', '')
    WHEN 1 THEN replace(email, '@', '@@')
    WHEN 2 THEN email || '.'
    WHEN 3 THEN substr(email, 1, instr(email, '.') - 1) || ' ' || substr(email, instr(email, '.') + 1)
    ELSE substr(email, 1, instr(email, '@')) || 'localhost' END
  WHERE customer_id % 127 = 11 AND customer_id / 127 < 40;

-- [2] name_too_long (k=23, 20 rows): 10 first names and 10 last names longer
--     than 100 characters (repeated words / an absurd double-barrelled surname).
UPDATE customers SET first_name =
    rtrim(substr(replace(hex(zeroblob(60)), '00', first_name || ' '), 1, 110 + customer_id / 127))
  WHERE customer_id % 127 = 23 AND customer_id / 127 < 20 AND (customer_id / 127) % 2 = 0;
UPDATE customers SET last_name =
    last_name || '-' || replace(hex(zeroblob(3)), '00', 'Wolfeschlegelsteinhausenbergerdorff')
  WHERE customer_id % 127 = 23 AND customer_id / 127 < 20 AND (customer_id / 127) % 2 = 1;

-- [3] plan_off_picklist (k=37, 30 rows, 6 of each): 'Premium', 'gold',
--     'PRO ' (wrong case + trailing space), '' (empty string), 'trial-extended'.
UPDATE customers SET plan = CASE (customer_id / 127) % 5
    WHEN 0 THEN 'Premium' WHEN 1 THEN 'gold' WHEN 2 THEN 'PRO ' WHEN 3 THEN '' ELSE 'trial-extended' END
  WHERE customer_id % 127 = 37 AND customer_id / 127 < 30;

-- [4] null_email (k=49, 12 rows): email is NULL.
UPDATE customers SET email = NULL
  WHERE customer_id % 127 = 49 AND customer_id / 127 < 12;

-- [5] signup_date_with_time (k=61, 25 rows): DATE column carries a time of day,
--     e.g. '2024-03-05 14:22:10' (the `date` transform takes its calendar date); 5 of
--     them hold no date at all ('unknown': a transform reject).
UPDATE customers SET signup_date = signup_date || ' ' ||
    time((customer_id * 7919) % 86400, 'unixepoch')
  WHERE customer_id % 127 = 61 AND customer_id / 127 < 25;
UPDATE customers SET signup_date = 'unknown'
  WHERE customer_id % 127 = 61 AND customer_id / 127 < 25 AND (customer_id / 127) % 5 = 0;

-- [6] lead_score_out_of_range (k=74, 15 rows, 5 each): -5, 101, 250.
UPDATE customers SET lead_score = CASE (customer_id / 127) % 3 WHEN 0 THEN -5 WHEN 1 THEN 101 ELSE 250 END
  WHERE customer_id % 127 = 74 AND customer_id / 127 < 15;

-- [7] null_lead_score (k=88, 10 rows): lead_score is NULL.
UPDATE customers SET lead_score = NULL
  WHERE customer_id % 127 = 88 AND customer_id / 127 < 10;

-- [8] null_country (k=99, 10 rows): country is NULL.
UPDATE customers SET country = NULL
  WHERE customer_id % 127 = 99 AND customer_id / 127 < 10;

-- [9] duplicate_email (k=105, 10 source rows -> 10 extra rows, customer_id 5201..5210):
--     new customer rows reusing an existing customer's exact email, with a
--     different plan, score, value, signup and update time (a re-signup).
INSERT INTO customers
SELECT 5201 + customer_id / 127, account_id, email, first_name, last_name,
       CASE plan WHEN 'free' THEN 'starter' WHEN 'starter' THEN 'pro' WHEN 'pro' THEN 'enterprise' ELSE 'free' END,
       country, round(lifetime_value / 2 + 149.99, 2), (lead_score + 37) % 101, 1 - is_active,
       CASE WHEN signup_date < '2026-09-16' THEN date(signup_date, '+45 days') ELSE date(signup_date, '-45 days') END,
       datetime('2026-11-20', '+' || (customer_id * 7919 % 600000) || ' seconds')
FROM customers
WHERE customer_id % 127 = 105 AND customer_id / 127 < 10
ORDER BY customer_id;

-- [10] duplicate_customer_id (k=116, 3 extra rows): a different person inserted
--      under an existing customer_id (116, 243, 370), so customer_id repeats.
INSERT INTO customers
WITH d(id, acct, slug, fname, lname, plan, country, ltv, score, signup, updated) AS (VALUES
  (116, 17,  'ines.moreau',  'Inès',  'Moreau', 'pro',        'FR', 8421.5,   72, '2023-06-14', '2026-04-02 09:15:00'),
  (243, 512, 'tomas.novak',  'Tomáš', 'Novák',  'starter',    'DE', 1290.0,   41, '2021-11-03', '2026-07-19 17:42:31'),
  (370, 903, 'grace.okafor', 'Grace', 'Okafor', 'enterprise', 'GB', 40210.75, 88, '2025-02-27', '2026-10-30 23:05:12'))
SELECT d.id, acc.account_id, d.slug || d.id || '@' || acc.domain, d.fname, d.lname, d.plan, d.country,
       d.ltv, d.score, 1, d.signup, d.updated
FROM d
JOIN accounts acc ON acc.account_id = d.acct;

CREATE VIEW customer_scores AS
SELECT c.customer_id, c.email, c.first_name, c.last_name, a.company, c.plan, c.country,
       c.lifetime_value, c.lead_score, c.is_active, c.signup_date, c.updated_at
FROM customers c LEFT JOIN accounts a USING (account_id);

COMMIT;
