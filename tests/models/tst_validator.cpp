#include "models/mapping/Decimal.h"
#include "models/validation/PayloadValidator.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Ebb;

namespace {

// A HubSpot-like contact object with one field per rule the validator knows.
DestinationSchema contacts()
{
    DestinationSchema schema;
    schema.object = QStringLiteral("contacts");
    const auto field = [](const char* name, FieldSchema::Type type) {
        FieldSchema f;
        f.name = QString::fromLatin1(name);
        f.type = type;
        return f;
    };
    FieldSchema email = field("email", FieldSchema::Type::Email);
    email.required = true;
    email.identifier = true;
    FieldSchema firstname = field("firstname", FieldSchema::Type::String);
    firstname.maxLength = 40;
    FieldSchema plan = field("plan", FieldSchema::Type::Enum);
    plan.options = QStringList{"free", "starter", "pro", "enterprise"};
    FieldSchema score = field("score", FieldSchema::Type::Integer);
    score.minimum = 0;
    score.maximum = 100;
    FieldSchema value = field("value", FieldSchema::Type::Number);
    FieldSchema birthday = field("birthday", FieldSchema::Type::Date);
    birthday.dateAtMidnightUtc = true;
    FieldSchema created = field("hs_created", FieldSchema::Type::DateTime);
    created.readOnly = true;
    FieldSchema tags = field("tags", FieldSchema::Type::MultiEnum);
    tags.options = QStringList{"newsletter", "beta", "vip"};
    schema.fields = {email, firstname, plan, score, value, birthday, created, tags};
    return schema;
}

const QStringList mapped{"email", "firstname", "plan", "score", "value", "birthday", "tags"};

QVariantList clean()
{
    return {QStringLiteral("ada@example.com"), QStringLiteral("Ada"), QStringLiteral("pro"), qint64(3),
        QVariant::fromValue(Decimal{QStringLiteral("12.50")}), QDate(1990, 12, 10), QStringList{"beta", "vip"}};
}

QVariant utc(int y, int m, int d, int h = 0, int mi = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, mi), Qt::UTC);
}

Payload payload(const QStringList& targets, const QVariantList& values)
{
    Payload p(std::make_shared<const QStringList>(targets));
    for (int i = 0; i < values.size(); ++i)
        p.set(i, values[i]);
    return p;
}

QString line(const QString& field, const QString& rule, const QString& message, const QString& value = {})
{
    return QStringLiteral("%1 | %2 | %3 | %4").arg(field, rule, message, value);
}

QStringList lines(const QList<Reject>& rejects)
{
    QStringList out;
    for (const Reject& r : rejects)
        out << line(r.field, rejectRuleName(r.rule), r.message, r.value);
    return out;
}

// The clean payload with one field changed, in upsert mode.
void addRow(const char* name, const QString& field, const QVariant& value, const QStringList& expected)
{
    QVariantList values = clean();
    values[mapped.indexOf(field)] = value;
    QTest::newRow(name) << mapped << values << QStringLiteral("upsert") << expected;
}

} // namespace

class TestValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data();
    void check();
    void validatorKeepsItsOwnSchema();
    void numberOptionsCompareAsNumbers();
    void numericPrecisionAsPostgreSqlRoundsIt_data();
    void numericPrecisionAsPostgreSqlRoundsIt();
    void everyRuleSaysWhatItMeansAsTheDocsDo();
};

void TestValidator::check_data()
{
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QVariantList>("values");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QStringList>("expected"); // "field | rule | message | value", in order

    // Payloads that pass
    QTest::newRow("clean typed") << mapped << clean() << "upsert" << QStringList();
    QTest::newRow("clean as text") << mapped
                                   << QVariantList{"ada@example.com", "Ada", "pro", "42", "12.5", "1990-12-10",
                                          "beta;vip"}
                                   << "upsert" << QStringList();
    QTest::newRow("clean in update mode") << mapped << clean() << "update" << QStringList();
    addRow("value as double", "value", 12.5, {});
    addRow("value as int", "value", qint64(-4), {});
    addRow("score as whole double", "score", 3.0, {});
    addRow("score as integral decimal", "score", QVariant::fromValue(Decimal{QStringLiteral("12")}), {});
    addRow("birthday as midnight UTC timestamp", "birthday", utc(1990, 12, 10), {});
    addRow("firstname exactly at the limit", "firstname", QString(40, QLatin1Char('x')), {});
    addRow("firstname 40 accented", "firstname", QString(40, QChar(0xE9)), {});
    addRow("firstname NULL", "firstname", QVariant(), {});
    addRow("firstname empty", "firstname", QString(""), {});
    addRow("plan NULL", "plan", QVariant(), {});
    addRow("score empty text is no value", "score", QString(""), {});
    addRow("email with plus and subdomains", "email", "first.last+tag@mail.example.co.uk", {});
    addRow("email with apostrophe", "email", "o'brien@example.ie", {});
    addRow("tags empty list", "tags", QStringList(), {});

    // required
    addRow("required NULL", "email", QVariant(), {line("email", "required", R"("email" is required)")});
    addRow("required nullptr", "email", QVariant::fromValue(nullptr),
        {line("email", "required", R"("email" is required)")});
    // Empty text is "no value" for typed fields but a (blank) value for text, picklists and emails.
    addRow("required empty text", "email", QString(""),
        {line("email", "required", R"("email" is required and is empty)")});
    addRow("required blank text", "email", "   ",
        {line("email", "required", R"("email" is required and is empty)", "   ")});
    const QStringList withoutEmail{"firstname", "plan"};
    QTest::newRow("required unmapped") << withoutEmail << QVariantList{"Ada", "pro"} << "upsert"
                                       << QStringList{
                                              line("email", "required", R"(required field "email" has no mapping)")};
    QTest::newRow("required unmapped in insert")
        << withoutEmail << QVariantList{"Ada", "pro"} << "insert"
        << QStringList{line("email", "required", R"(required field "email" has no mapping)")};
    QTest::newRow("required unmapped in mirror")
        << withoutEmail << QVariantList{"Ada", "pro"} << "mirror"
        << QStringList{line("email", "required", R"(required field "email" has no mapping)")};
    QTest::newRow("required unmapped is fine in update")
        << withoutEmail << QVariantList{"Ada", "pro"} << "update" << QStringList();
    QVariantList nullEmail = clean();
    nullEmail[0] = QVariant();
    QTest::newRow("required mapped NULL in update")
        << mapped << nullEmail << "update" << QStringList{line("email", "required", R"("email" is required)")};

    // read_only
    QTest::newRow("read-only mapped") << QStringList{"email", "hs_created"}
                                      << QVariantList{"ada@example.com", utc(2024, 3, 5, 12)} << "upsert"
                                      << QStringList{line("hs_created", "read_only",
                                             R"("hs_created" is read-only in contacts)", "2024-03-05T12:00:00.000Z")};
    QTest::newRow("read-only mapped NULL")
        << QStringList{"email", "hs_created"} << QVariantList{"ada@example.com", QVariant()} << "upsert"
        << QStringList{line("hs_created", "read_only", R"("hs_created" is read-only in contacts)")};

    // type
    addRow(
        "integer from fraction text", "score", "3.5", {line("score", "type", R"("3.5" is not a whole number)", "3.5")});
    addRow("integer from fractional double", "score", 2.5,
        {line("score", "type", R"("2.5" is not a whole number)", "2.5")});
    addRow("integer from huge double", "score", 1e19,
        {line("score", "type", R"("1e+19" is not a whole number)", "1e+19")});
    addRow("integer from bool", "score", true, {line("score", "type", R"("true" is not a whole number)", "true")});
    addRow("integer from word", "score", "three", {line("score", "type", R"("three" is not a whole number)", "three")});
    addRow("number from decimal comma", "value", "12,5", {line("value", "type", R"("12,5" is not a number)", "12,5")});
    addRow("number from bool", "value", false, {line("value", "type", R"("false" is not a number)", "false")});
    addRow("number from date", "value", QDate(2024, 3, 5),
        {line("value", "type", R"("2024-03-05" is not a number)", "2024-03-05")});
    addRow("date day first", "birthday", "10/12/1990",
        {line("birthday", "type", R"("10/12/1990" is not a date (YYYY-MM-DD))", "10/12/1990")});
    addRow("date impossible", "birthday", "1990-02-30",
        {line("birthday", "type", R"("1990-02-30" is not a date (YYYY-MM-DD))", "1990-02-30")});
    addRow("date as number", "birthday", qint64(19901210),
        {line("birthday", "type", R"("19901210" is not a date (YYYY-MM-DD))", "19901210")});
    addRow("string given a list", "firstname", QStringList{"Ada", "Bob"},
        {line("firstname", "type", R"("Ada, Bob" is not a single text value (it is a list; add a "join" transform))",
            "Ada, Bob")});

    // range
    addRow("range above maximum", "score", qint64(150), {line("score", "range", "150 is outside 0 to 100", "150")});
    addRow("range below minimum as text", "score", "-1", {line("score", "range", "-1 is outside 0 to 100", "-1")});
    addRow("range bounds are inclusive", "score", "100", {});
    addRow("range checked after type", "score", "150.5",
        {line("score", "type", R"("150.5" is not a whole number)", "150.5")});

    // max_length, with the length in the message
    addRow("max length exceeded by one", "firstname", QString(41, QLatin1Char('x')),
        {line("firstname", "max_length", R"("firstname" is 41 characters long; the limit is 40)",
            QString(41, QLatin1Char('x')))});
    addRow("max length far exceeded", "firstname", QString(100, QLatin1Char('y')),
        {line("firstname", "max_length", R"("firstname" is 100 characters long; the limit is 40)",
            QString(100, QLatin1Char('y')))});

    // Characters, not UTF-16 units: 40 emoji are 80 units and fit a limit of 40.
    addRow("max length counts an emoji once", "firstname", QString::fromUtf8("\xF0\x9F\x9A\x80").repeated(40), {});
    addRow("max length in emoji exceeded", "firstname", QString::fromUtf8("\xF0\x9F\x9A\x80").repeated(41),
        {line("firstname", "max_length", R"("firstname" is 41 characters long; the limit is 40)",
            QString::fromUtf8("\xF0\x9F\x9A\x80").repeated(41))});

    // option
    const QString plans = QStringLiteral("free, starter, pro, enterprise");
    addRow("option unknown", "plan", "Premium",
        {line("plan", "option", QStringLiteral(R"("Premium" is not one of %1)").arg(plans), "Premium")});
    addRow("option is case-sensitive", "plan", "Pro",
        {line("plan", "option", QStringLiteral(R"("Pro" is not one of %1)").arg(plans), "Pro")});
    addRow("option not trimmed", "plan", " pro",
        {line("plan", "option", QStringLiteral(R"(" pro" is not one of %1)").arg(plans), " pro")});
    addRow("multi option in list", "tags", QStringList{"beta", "gold"},
        {line("tags", "option", R"("gold" is not one of newsletter, beta, vip)", "beta, gold")});
    addRow("multi option in text", "tags", "vip;gold;beta",
        {line("tags", "option", R"("gold" is not one of newsletter, beta, vip)", "vip;gold;beta")});

    // email
    const std::pair<const char*, const char*> badEmails[] = {{"two at signs", "a@@b.com"}, {"no at sign", "no-at.com"},
        {"trailing dot", "trailing@dot.com."}, {"space in local part", "sp ace@x.com"},
        {"no dot in domain", "name@localhost"}, {"empty local part", "@example.com"},
        {"empty domain label", "ada@.com"}, {"one-letter TLD", "ada@example.c"},
        {"space in domain", "ada@exa mple.com"}, {"double dot", "ada@example..com"},
        {"trailing newline", "ada@example.com\n"}, {"leading space", " ada@example.com"}};
    for (const auto& [name, bad] : badEmails) {
        const QString text = QString::fromLatin1(bad);
        QTest::addRow("email %s", name) << mapped
                                        << QVariantList{text, "Ada", "pro", qint64(3), 1.5, QDate(1990, 12, 10),
                                               QStringList()}
                                        << "upsert"
                                        << QStringList{line("email", "email",
                                               QStringLiteral("\"%1\" is not a valid email address").arg(text), text)};
    }

    // date_midnight: a date field given a time of day
    addRow("date given timestamp with time", "birthday", utc(1990, 12, 10, 8, 30),
        {line("birthday", "date_midnight",
            R"("1990-12-10T08:30:00.000Z" carries a time of day; "birthday" takes a date at midnight UTC)",
            "1990-12-10T08:30:00.000Z")});
    addRow("date given local midnight", "birthday",
        QDateTime(QDate(1990, 12, 10), QTime(0, 0), Qt::OffsetFromUTC, 7200),
        {line("birthday", "date_midnight",
            R"("1990-12-09T22:00:00.000Z" carries a time of day; "birthday" takes a date at midnight UTC)",
            "1990-12-09T22:00:00.000Z")});
    addRow("date given text with time", "birthday", "1990-12-10T08:30:00",
        {line("birthday", "date_midnight",
            R"("1990-12-10T08:30:00" carries a time of day; "birthday" takes a date (YYYY-MM-DD))",
            "1990-12-10T08:30:00")});
    addRow("date given text with space and time", "birthday", "1990-12-10 08:30:00",
        {line("birthday", "date_midnight",
            R"("1990-12-10 08:30:00" carries a time of day; "birthday" takes a date (YYYY-MM-DD))",
            "1990-12-10 08:30:00")});

    // unknown_field
    QTest::newRow("unknown field") << QStringList{"email", "favourite_color"} << QVariantList{"ada@example.com", "blue"}
                                   << "upsert"
                                   << QStringList{line("favourite_color", "unknown_field",
                                          R"(contacts has no field "favourite_color")", "blue")};
    QTest::newRow("field names are exact")
        << QStringList{"email", "FirstName"} << QVariantList{"ada@example.com", "Ada"} << "upsert"
        << QStringList{line("FirstName", "unknown_field", R"(contacts has no field "FirstName")", "Ada")};

    // Several problems: every one is reported, unmapped required fields first, then in mapping order.
    QTest::newRow("many problems")
        << QStringList{"firstname", "plan", "favourite_color", "score", "hs_created", "tags"}
        << QVariantList{QString(45, QLatin1Char('z')), "Premium", "blue", "3.5", utc(2024, 1, 1), QStringList{"gold"}}
        << "upsert"
        << QStringList{line("email", "required", R"(required field "email" has no mapping)"),
               line("firstname", "max_length", R"("firstname" is 45 characters long; the limit is 40)",
                   QString(45, QLatin1Char('z'))),
               line("plan", "option", QStringLiteral(R"("Premium" is not one of %1)").arg(plans), "Premium"),
               line("favourite_color", "unknown_field", R"(contacts has no field "favourite_color")", "blue"),
               line("score", "type", R"("3.5" is not a whole number)", "3.5"),
               line("hs_created", "read_only", R"("hs_created" is read-only in contacts)", "2024-01-01T00:00:00.000Z"),
               line("tags", "option", R"("gold" is not one of newsletter, beta, vip)", "gold")};
    QTest::newRow("many problems mapped")
        << mapped << QVariantList{"no-at.com", "Ada", "pro", "x", "1,5", "1990-12-10T08:00:00Z", QStringList{"vip"}}
        << "upsert"
        << QStringList{line("email", "email", R"("no-at.com" is not a valid email address)", "no-at.com"),
               line("score", "type", R"("x" is not a whole number)", "x"),
               line("value", "type", R"("1,5" is not a number)", "1,5"),
               line("birthday", "date_midnight",
                   R"("1990-12-10T08:00:00Z" carries a time of day; "birthday" takes a date (YYYY-MM-DD))",
                   "1990-12-10T08:00:00Z")};
}

void TestValidator::check()
{
    QFETCH(QStringList, targets);
    QFETCH(QVariantList, values);
    QFETCH(QString, mode);
    QFETCH(QStringList, expected);
    QCOMPARE(values.size(), targets.size());
    const PayloadValidator validator(contacts(), targets, syncModeFromName(mode).value());
    const QList<Reject> rejects = validator.check(payload(targets, values));
    QCOMPARE(lines(rejects), expected);
    for (const Reject& r : rejects) { // the caller fills these
        QVERIFY(r.key.isEmpty());
        QVERIFY(r.payload.isEmpty());
    }
}

// The validator keeps pointers to its schema's fields: they must point into its own copy,
// not into a list the caller still holds and may change or destroy.
void TestValidator::validatorKeepsItsOwnSchema()
{
    DestinationSchema schema = contacts();
    const PayloadValidator validator(schema, mapped, SyncMode::Upsert);
    for (FieldSchema& field : schema.fields) {
        field.maxLength = 1;
        field.options = QStringList{"other"};
        field.type = FieldSchema::Type::Bool;
    }
    QCOMPARE(lines(validator.check(payload(mapped, clean()))), QStringList());
    QVariantList values = clean();
    values[1] = QString(41, QLatin1Char('x'));
    QCOMPARE(lines(validator.check(payload(mapped, values))),
        QStringList{line("firstname", "max_length", R"("firstname" is 41 characters long; the limit is 40)",
            QString(41, QLatin1Char('x')))});
}

// CHECK (amount IN (5, 10, 20)): 10.00 from a numeric(10,2) column is 10.
void TestValidator::numberOptionsCompareAsNumbers()
{
    DestinationSchema schema;
    schema.object = QStringLiteral("orders");
    FieldSchema amount;
    amount.name = QStringLiteral("amount");
    amount.type = FieldSchema::Type::Number;
    amount.options = QStringList{"5", "10", "20"};
    schema.fields = {amount};
    const QStringList targets{"amount"};
    const PayloadValidator validator(schema, targets, SyncMode::Upsert);
    QVERIFY(validator.check(payload(targets, {QVariant::fromValue(Decimal{QStringLiteral("10.00")})})).isEmpty());
    QVERIFY(validator.check(payload(targets, {qint64(20)})).isEmpty());
    QVERIFY(validator.check(payload(targets, {5.0})).isEmpty());
    const QList<Reject> rejects
        = validator.check(payload(targets, {QVariant::fromValue(Decimal{QStringLiteral("10.01")})}));
    QCOMPARE(rejects.size(), 1);
    QCOMPARE(rejects.first().rule, RejectRule::Option);
}

// numeric(p, s) takes at most p - s digits before the point once rounded to s decimals (half
// away from zero): what PostgreSQL would refuse with "numeric field overflow" is a reject here.
// tst_engine::numericOverflowIsPredicted checks the same values against the server.
void TestValidator::numericPrecisionAsPostgreSqlRoundsIt_data()
{
    QTest::addColumn<int>("precision");
    QTest::addColumn<int>("scale");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("fits");
    QTest::newRow("ten digits") << 12 << 2 << "9999999999.99" << true;
    QTest::newRow("eleven digits") << 12 << 2 << "12345678901.5" << false;
    QTest::newRow("negative eleven digits") << 12 << 2 << "-12345678901" << false;
    QTest::newRow("rounds up to eleven digits") << 12 << 2 << "9999999999.995" << false;
    QTest::newRow("rounds down") << 12 << 2 << "9999999999.994" << true;
    QTest::newRow("scale 0") << 3 << 0 << "999.4" << true;
    QTest::newRow("scale 0 rounds up") << 3 << 0 << "999.5" << false;
    QTest::newRow("only a fraction") << 2 << 2 << "0.99" << true;
    QTest::newRow("only a fraction rounds to one") << 2 << 2 << "0.995" << false;
    QTest::newRow("one") << 2 << 2 << "1" << false;
}

void TestValidator::numericPrecisionAsPostgreSqlRoundsIt()
{
    QFETCH(int, precision);
    QFETCH(int, scale);
    QFETCH(QString, value);
    QFETCH(bool, fits);
    DestinationSchema schema;
    schema.object = QStringLiteral("orders");
    FieldSchema amount;
    amount.name = QStringLiteral("amount");
    amount.type = FieldSchema::Type::Number;
    amount.precision = precision;
    amount.scale = scale;
    schema.fields = {amount};
    const QStringList targets{"amount"};
    const PayloadValidator validator(schema, targets, SyncMode::Upsert);
    const QList<Reject> rejects = validator.check(payload(targets, {QVariant::fromValue(*Decimal::parse(value))}));
    QCOMPARE(rejects.isEmpty(), fits);
    if (!fits) {
        QCOMPARE(rejects.first().rule, RejectRule::Precision);
        QVERIFY2(rejects.first().message.contains(QStringLiteral("numeric(%1,%2)").arg(precision).arg(scale)),
            qPrintable(rejects.first().message));
    }
}

QTEST_GUILESS_MAIN(TestValidator)
// The window's tooltips and docs/SYNC-FILES.md's table of rules say the same: every rule the
// table lists means there what rejectRuleMeaning() says (the table may add an example).
void TestValidator::everyRuleSaysWhatItMeansAsTheDocsDo()
{
    QFile docs(QStringLiteral(EBB_SOURCE_DIR "/docs/SYNC-FILES.md"));
    QVERIFY(docs.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(docs.readAll());
    const QRegularExpression row(QStringLiteral("^\\| `([a-z_]+)` \\| (.+) \\|$"), QRegularExpression::MultilineOption);
    int rows = 0;
    for (auto match = row.globalMatch(text); match.hasNext();) {
        const QRegularExpressionMatch m = match.next();
        const std::optional<RejectRule> rule = rejectRuleFromName(m.captured(1));
        if (!rule)
            continue; // another table's row
        ++rows;
        QVERIFY2(m.captured(2).startsWith(rejectRuleMeaning(*rule)),
            qPrintable(m.captured(1) + QStringLiteral(": ") + m.captured(2)));
    }
    QCOMPARE(rows, 15); // every rule but "failed", which the table leaves to the text below it
}

#include "tst_validator.moc"
