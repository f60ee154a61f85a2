-- The demo's operational CRM table (demo-crm.sqlite), the destination of customers-to-crm.
-- Its constraints are what pre-send validation reads: NOT NULL → required, VARCHAR(n) →
-- maximum length, CHECK (… IN (…)) → picklist, EMAIL → email format, UNIQUE → match field.
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    email EMAIL NOT NULL UNIQUE,
    first_name VARCHAR(40),
    last_name VARCHAR(80) NOT NULL,
    full_name VARCHAR(120),
    company VARCHAR(120),
    plan TEXT CHECK (plan IN ('free', 'starter', 'pro', 'enterprise')),
    country VARCHAR(2),
    lifetime_value DECIMAL(12, 2),
    lead_score INTEGER CHECK (lead_score BETWEEN 0 AND 100),
    signup_date DATE,
    lead_source TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
