#include "models/mapping/Decimal.h"
#include "models/mapping/Mapper.h"
#include "models/mapping/MicroTime.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>
#include <cmath>

using namespace Ebb;

namespace {

QList<Column> columns()
{
    return {{QStringLiteral("id"), ValueType::Integer, QStringLiteral("bigint")},
        {QStringLiteral("email"), ValueType::Text, QStringLiteral("text")},
        {QStringLiteral("first_name"), ValueType::Text, QStringLiteral("text")},
        {QStringLiteral("last_name"), ValueType::Text, QStringLiteral("text")},
        {QStringLiteral("ltv"), ValueType::Numeric, QStringLiteral("numeric(12,2)")},
        {QStringLiteral("signup"), ValueType::Date, QStringLiteral("date")},
        {QStringLiteral("last_seen"), ValueType::Timestamp, QStringLiteral("timestamptz")},
        {QStringLiteral("plan"), ValueType::Text, QStringLiteral("text")},
        {QStringLiteral("tags"), ValueType::Text, QStringLiteral("text")},
        {QStringLiteral("score"), ValueType::Double, QStringLiteral("double precision")}};
}

const QString columnList
    = QStringLiteral("id, email, first_name, last_name, ltv, signup, last_seen, plan, tags, score");

// One warehouse row as the connectors deliver it (ValueType.h): numerics as exact text,
// timestamps in UTC, NULL as an invalid QVariant.
QVariantMap baseRow()
{
    return {{QStringLiteral("id"), qint64(42)}, {QStringLiteral("email"), QStringLiteral(" Ada@Example.COM ")},
        {QStringLiteral("first_name"), QStringLiteral("Ada")},
        {QStringLiteral("last_name"), QStringLiteral("Lovelace")}, {QStringLiteral("ltv"), QStringLiteral("1234.50")},
        {QStringLiteral("signup"), QDate(2024, 3, 5)},
        {QStringLiteral("last_seen"), QDateTime(QDate(2024, 3, 5), QTime(12, 0), Qt::UTC)},
        {QStringLiteral("plan"), QVariant()}, {QStringLiteral("tags"), QStringLiteral("vip; beta")},
        {QStringLiteral("score"), 2.5}};
}

RowBatch batchOf(const QList<QVariantMap>& rows)
{
    RowBatch batch(columns());
    for (const QVariantMap& row : rows) {
        for (const Column& c : columns())
            batch.append(row.value(c.name));
    }
    return batch;
}

// A mapping as a sync file writes it: {"source"|"value"|"template": …, "target": …, "transforms": […]}.
FieldMapping mapping(const QJsonObject& o)
{
    FieldMapping m;
    m.json = o;
    if (o.contains(QLatin1String("source"))) {
        m.kind = FieldMapping::Kind::Column;
        m.source = o.value(QLatin1String("source")).toString();
    } else if (o.contains(QLatin1String("template"))) {
        m.kind = FieldMapping::Kind::Template;
        m.templateText = o.value(QLatin1String("template")).toString();
    } else {
        m.kind = FieldMapping::Kind::Constant;
        m.value = o.value(QLatin1String("value"));
    }
    m.target = o.value(QLatin1String("target")).toString();
    m.transforms = o.value(QLatin1String("transforms")).toArray();
    return m;
}

SyncSpec sync(const QString& primaryKey, const QByteArray& mappingsJson)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(mappingsJson, &error);
    if (!doc.isArray())
        qFatal("bad mappings in test data: %s (%s)", mappingsJson.constData(), qPrintable(error.errorString()));
    SyncSpec spec;
    spec.id = QStringLiteral("contacts");
    spec.primaryKey = primaryKey;
    for (const QJsonValue& m : doc.array())
        spec.mappings << mapping(m.toObject());
    return spec;
}

Payload payloadOf(const QStringList& fields, const QVariantList& values)
{
    Payload p(std::make_shared<const QStringList>(fields));
    for (int i = 0; i < values.size(); ++i)
        p.set(i, values[i]);
    return p;
}

QVariant dec(const char* text)
{
    return QVariant::fromValue(Decimal{QString::fromLatin1(text)});
}

} // namespace

class TestMapper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compileErrors_data();
    void compileErrors();
    void compileResolvesColumns();
    void map_data();
    void map();
    void key_data();
    void key();
    void canonicalJson();
    void jsonValue_data();
    void jsonValue();
    void hashIsStable();
    void timestampsAgreeWithQt();
    void decimalText_data();
    void decimalText();
};

void TestMapper::compileErrors_data()
{
    QTest::addColumn<QString>("primaryKey");
    QTest::addColumn<QByteArray>("mappings");
    QTest::addColumn<QStringList>("errors");

    const QString noColumn = QStringLiteral(R"(no column "%1" in the query's result (columns: %2))");
    const QString transforms
        = QStringLiteral("trim, lower, upper, number, integer, bool, date, datetime, dateFormat, default, split, join");
    QTest::newRow("unknown primary key") << "user_id" << QByteArray(R"([{"source": "email", "target": "email"}])")
                                         << QStringList{"$.source.primaryKey: " + noColumn.arg("user_id", columnList)};
    QTest::newRow("unknown source column") << "id" << QByteArray(R"([{"source": "email", "target": "email"},
                                                                       {"source": "emial", "target": "email2"}])")
                                           << QStringList{"$.mappings[1].source: " + noColumn.arg("emial", columnList)};
    QTest::newRow("bad template") << "id"
                                  << QByteArray(R"([{"template": "{{ first_name | capitalize }}", "target": "name"}])")
                                  << QStringList{
                                         R"($.mappings[0].template: template, column 17: unknown filter "capitalize"; )"
                                         R"(known filters: lower, upper, trim, default)"};
    QTest::newRow("unclosed template")
        << "id" << QByteArray(R"([{"template": "Hi {{ first_name", "target": "name"}])")
        << QStringList{R"($.mappings[0].template: template, column 4: "{{" is never closed with "}}")"};
    QTest::newRow("template names unknown column")
        << "id" << QByteArray(R"([{"template": "{{first_name}} {{nick}}", "target": "n"}])")
        << QStringList{"$.mappings[0].template: " + noColumn.arg("nick", columnList)};
    QTest::newRow("unknown transform")
        << "id" << QByteArray(R"([{"source": "email", "target": "email", "transforms": ["trim", "upcase"]}])")
        << QStringList{
               QStringLiteral(R"($.mappings[0].transforms[1]: unknown transform "upcase"; known transforms: %1)")
                   .arg(transforms)};
    QTest::newRow("transform without its value")
        << "id" << QByteArray(R"([{"source": "tags", "target": "tags", "transforms": ["split"]}])")
        << QStringList{R"($.mappings[0].transforms[0]: transform "split" needs a value, as in {"split": …})"};
    QTest::newRow("bad time zone")
        << "id" << QByteArray(R"([{"source": "last_seen", "target": "ts",
                                                      "transforms": [{"datetime": {"timeZone": "Europe/Pariss"}}]}])")
        << QStringList{
               R"($.mappings[0].transforms[0]: unknown time zone "Europe/Pariss" (use an IANA name such as "Europe/Paris"))"};
    QTest::newRow("all reported together")
        << "user_id" << QByteArray(R"([{"source": "email", "target": "email"},
                          {"source": "emial", "target": "email2"},
                          {"template": "{{ first_name | capitalize }}", "target": "name"},
                          {"value": "crm", "target": "origin", "transforms": ["upcase", "trim", {"join": ""}]},
                          {"template": "{{nick}} {{ last }}", "target": "nick"}])")
        << QStringList{"$.source.primaryKey: " + noColumn.arg("user_id", columnList),
               "$.mappings[1].source: " + noColumn.arg("emial", columnList),
               R"($.mappings[2].template: template, column 17: unknown filter "capitalize"; known filters: lower, upper, trim, default)",
               QStringLiteral(R"($.mappings[3].transforms[0]: unknown transform "upcase"; known transforms: %1)")
                   .arg(transforms),
               R"($.mappings[3].transforms[2]: transform "join" takes a non-empty string)",
               "$.mappings[4].template: " + noColumn.arg("nick", columnList),
               "$.mappings[4].template: " + noColumn.arg("last", columnList)};
}

void TestMapper::compileErrors()
{
    QFETCH(QString, primaryKey);
    QFETCH(QByteArray, mappings);
    QFETCH(QStringList, errors);
    const auto mapper = Mapper::compile(sync(primaryKey, mappings), columns());
    QVERIFY2(!mapper.ok(), "compiled a sync that should be refused");
    QCOMPARE(mapper.error().category, Error::Category::Config);
    QCOMPARE(mapper.error().message.split(QLatin1Char('\n')), errors);
}

void TestMapper::compileResolvesColumns()
{
    // Unquoted SQL names fold case: a case-only difference still finds the column.
    const auto mapper = Mapper::compile(sync(QStringLiteral("ID"), R"([{"source": "EMAIL", "target": "email"},
                                                                        {"value": 1, "target": "one"},
                                                                        {"template": "{{ First_Name }}", "target": "name"}])"),
        columns());
    QVERIFY2(mapper.ok(), qPrintable(mapper.ok() ? QString() : mapper.error().message));
    QCOMPARE(mapper->keyColumn(), 0);
    QCOMPARE(*mapper->targets(), (QStringList{"email", "one", "name"}));
    Payload payload;
    Reject reject;
    QVERIFY(mapper->map(batchOf({baseRow()}), 0, payload, reject));
    QCOMPARE(payload.toJson(), QByteArray(R"({"email":" Ada@Example.COM ","one":1,"name":"Ada"})"));
}

void TestMapper::map_data()
{
    QTest::addColumn<QByteArray>("mappings");
    QTest::addColumn<QVariantMap>("changes"); // cells that differ from baseRow()
    QTest::addColumn<QByteArray>("json"); // the payload, when the row maps
    QTest::addColumn<QStringList>("reject"); // field, message, value when it does not

    const QVariantMap same;
    QTest::newRow("column copy") << QByteArray(R"([{"source": "first_name", "target": "firstname"}])") << same
                                 << QByteArray(R"({"firstname":"Ada"})") << QStringList();
    // A numeric column's exact text goes out as an exact JSON number (Decimal), never a string or a double.
    QTest::newRow("column cells keep their types")
        << QByteArray(R"([{"source": "id", "target": "id"}, {"source": "signup", "target": "d"},
                          {"source": "last_seen", "target": "ts"}, {"source": "score", "target": "s"},
                          {"source": "plan", "target": "plan"}, {"source": "ltv", "target": "ltv"}])")
        << same
        << QByteArray(R"({"id":42,"d":"2024-03-05","ts":"2024-03-05T12:00:00.000Z","s":2.5,"plan":null,"ltv":1234.50})")
        << QStringList();
    QTest::newRow("constants") << QByteArray(R"([{"value": "crm", "target": "origin"}, {"value": 5, "target": "n"},
                                                 {"value": 1.5, "target": "f"}, {"value": true, "target": "ok"},
                                                 {"value": null, "target": "x"}, {"value": {"b": 1, "a": ["x", 2]}, "target": "o"}])")
                               << same
                               << QByteArray(
                                      R"({"origin":"crm","n":5,"f":1.5,"ok":true,"x":null,"o":{"a":["x",2],"b":1}})")
                               << QStringList();
    QTest::newRow("template") << QByteArray(
        R"([{"template": "{{first_name}} {{ last_name | upper }}", "target": "name"}])")
                              << same << QByteArray(R"({"name":"Ada LOVELACE"})") << QStringList();
    QTest::newRow("template default on NULL")
        << QByteArray(R"([{"template": "{{ plan | default: \"free\" }}", "target": "plan"}])") << same
        << QByteArray(R"({"plan":"free"})") << QStringList();
    QTest::newRow("template NULL renders empty") << QByteArray(R"([{"template": "[{{plan}}]", "target": "p"}])") << same
                                                 << QByteArray(R"({"p":"[]"})") << QStringList();
    QTest::newRow("template typed cells")
        << QByteArray(R"([{"template": "{{id}}/{{signup}}/{{last_seen}}/{{score}}", "target": "k"}])") << same
        << QByteArray(R"({"k":"42/2024-03-05/2024-03-05T12:00:00.000Z/2.5"})") << QStringList();
    QTest::newRow("transform chain") << QByteArray(
        R"([{"source": "email", "target": "email", "transforms": ["trim", "lower"]}])")
                                     << same << QByteArray(R"({"email":"ada@example.com"})") << QStringList();
    QTest::newRow("number keeps decimals exact")
        << QByteArray(R"([{"source": "ltv", "target": "ltv", "transforms": ["number"]}])") << same
        << QByteArray(R"({"ltv":1234.50})") << QStringList();
    QTest::newRow("number of a big numeric")
        << QByteArray(R"([{"source": "ltv", "target": "ltv", "transforms": ["number"]}])")
        << QVariantMap{{"ltv", "-98765432109876543210.0001"}} << QByteArray(R"({"ltv":-98765432109876543210.0001})")
        << QStringList();
    QTest::newRow("split") << QByteArray(R"([{"source": "tags", "target": "tags", "transforms": [{"split": ";"}]}])")
                           << same << QByteArray(R"({"tags":["vip","beta"]})") << QStringList();
    QTest::newRow("split upper join") << QByteArray(R"([{"source": "tags", "target": "tags",
                                                         "transforms": [{"split": ";"}, "upper", {"join": "|"}]}])")
                                      << same << QByteArray(R"({"tags":"VIP|BETA"})") << QStringList();
    QTest::newRow("template then integer")
        << QByteArray(R"([{"template": "{{id}}0", "target": "n", "transforms": ["integer"]}])") << same
        << QByteArray(R"({"n":420})") << QStringList();
    QTest::newRow("datetime in a zone") << QByteArray(R"([{"source": "first_name", "target": "ts",
                                                           "transforms": [{"datetime": {"timeZone": "America/New_York"}}]}])")
                                        << QVariantMap{{"first_name", "2024-07-15 09:00:00"}}
                                        << QByteArray(R"({"ts":"2024-07-15T13:00:00.000Z"})") << QStringList();
    QTest::newRow("date of a midnight timestamp")
        << QByteArray(R"([{"source": "last_seen", "target": "d", "transforms": ["date"]}])")
        << QVariantMap{{"last_seen", QDateTime(QDate(2024, 3, 5), QTime(0, 0), Qt::UTC)}}
        << QByteArray(R"({"d":"2024-03-05"})") << QStringList();
    QTest::newRow("default then upper") << QByteArray(
        R"([{"source": "plan", "target": "plan", "transforms": [{"default": "free"}, "upper"]}])")
                                        << same << QByteArray(R"({"plan":"FREE"})") << QStringList();
    QTest::newRow("NULL passes a chain") << QByteArray(
        R"([{"source": "plan", "target": "plan", "transforms": ["trim", "number", "date"]}])")
                                         << same << QByteArray(R"({"plan":null})") << QStringList();
    QTest::newRow("bool of a constant") << QByteArray(R"([{"value": "yes", "target": "ok", "transforms": ["bool"]}])")
                                        << same << QByteArray(R"({"ok":true})") << QStringList();

    // A transform that cannot apply makes the row a reject: the field, the transform and the value it got.
    QTest::newRow("number rejects a decimal comma")
        << QByteArray(R"([{"source": "ltv", "target": "ltv", "transforms": ["number"]}])")
        << QVariantMap{{"ltv", "12,50"}} << QByteArray()
        << QStringList{"ltv", R"(number: "12,50" is not a number)", "12,50"};
    QTest::newRow("rejected mid-chain") << QByteArray(
        R"([{"source": "first_name", "target": "n", "transforms": ["trim", "integer"]}])")
                                        << QVariantMap{{"first_name", " 12.5 "}} << QByteArray()
                                        << QStringList{"n", R"(integer: "12.5" is not a whole number)", "12.5"};
    QTest::newRow("date takes a timestamp's calendar day")
        << QByteArray(R"([{"source": "last_seen", "target": "d", "transforms": ["date"]}])") << same
        << QByteArray(R"({"d":"2024-03-05"})") << QStringList();
    QTest::newRow("second mapping rejected")
        << QByteArray(R"([{"source": "first_name", "target": "a"},
                                                               {"source": "plan", "target": "vip", "transforms": ["bool"]}])")
        << QVariantMap{{"plan", "maybe"}} << QByteArray()
        << QStringList{"vip", R"(bool: "maybe" is not a boolean (true/false, yes/no, 1/0))", "maybe"};
    QTest::newRow("template result rejected")
        << QByteArray(R"([{"template": "{{first_name}}!", "target": "n", "transforms": ["number"]}])") << same
        << QByteArray() << QStringList{"n", R"(number: "Ada!" is not a number)", "Ada!"};
}

void TestMapper::map()
{
    QFETCH(QByteArray, mappings);
    QFETCH(QVariantMap, changes);
    QFETCH(QByteArray, json);
    QFETCH(QStringList, reject);
    const auto mapper = Mapper::compile(sync(QStringLiteral("id"), mappings), columns());
    QVERIFY2(mapper.ok(), qPrintable(mapper.ok() ? QString() : mapper.error().message));

    QVariantMap row = baseRow();
    for (auto it = changes.cbegin(); it != changes.cend(); ++it)
        row.insert(it.key(), it.value());
    // The row under test sits between two others: map() must read its own cells.
    QVariantMap other = baseRow();
    other.insert(QStringLiteral("first_name"), QStringLiteral("Other"));
    const RowBatch batch = batchOf({other, row, other});

    Payload payload;
    Reject r;
    const bool mapped = mapper->map(batch, 1, payload, r);
    if (reject.isEmpty()) {
        QVERIFY2(mapped, qPrintable(r.message));
        QCOMPARE(payload.toJson(), json);
        QCOMPARE(payload.fields(), *mapper->targets());
    } else {
        QVERIFY2(!mapped, payload.toJson().constData());
        QCOMPARE(r.rule, RejectRule::Transform);
        QCOMPARE((QStringList{r.field, r.message, r.value}), reject);
        QVERIFY(r.key.isEmpty()); // the engine knows the key; map() leaves it alone
    }
}

void TestMapper::key_data()
{
    QTest::addColumn<QVariant>("cell");
    QTest::addColumn<bool>("isNull");
    QTest::addColumn<QString>("text");
    QTest::newRow("integer") << QVariant(qint64(42)) << false << "42";
    QTest::newRow("negative") << QVariant(qint64(-7)) << false << "-7";
    QTest::newRow("text kept as is") << QVariant(" 007 ") << false << " 007 ";
    QTest::newRow("empty text is not NULL") << QVariant("") << false << "";
    QTest::newRow("numeric text") << QVariant("12.50") << false << "12.50";
    QTest::newRow("date") << QVariant(QDate(2024, 3, 5)) << false << "2024-03-05";
    QTest::newRow("timestamp") << QVariant(QDateTime(QDate(2024, 3, 5), QTime(1, 2, 3), Qt::UTC)) << false
                               << "2024-03-05T01:02:03.000Z";
    QTest::newRow("NULL") << QVariant() << true << "";
    QTest::newRow("nullptr") << QVariant::fromValue(nullptr) << true << "";
}

void TestMapper::key()
{
    QFETCH(QVariant, cell);
    QFETCH(bool, isNull);
    QFETCH(QString, text);
    const auto mapper
        = Mapper::compile(sync(QStringLiteral("id"), R"([{"source": "email", "target": "email"}])"), columns());
    QVERIFY(mapper.ok());
    QVariantMap row = baseRow();
    row.insert(QStringLiteral("id"), cell);
    const RowBatch batch = batchOf({baseRow(), row});
    // As journaled, and as users see it again.
    QCOMPARE(KeyCodec::text(*mapper->keyBytes(batch, 0)), QStringLiteral("42"));
    const std::optional<QByteArray> key = mapper->keyBytes(batch, 1);
    QCOMPARE(key.has_value(), !isNull);
    if (key)
        QCOMPARE(KeyCodec::text(*key), text);
}

void TestMapper::canonicalJson()
{
    const Payload payload = payloadOf({"email", "ltv", "d", "ts", "tags", "n", "ok"},
        {QStringLiteral("a@b.io"), dec("1234.50"), QDate(2024, 3, 5),
            QDateTime(QDate(2024, 3, 5), QTime(12, 0), Qt::UTC), QStringList{"a", "b"}, QVariant(), true});
    QCOMPARE(payload.toJson(),
        QByteArray(
            R"({"email":"a@b.io","ltv":1234.50,"d":"2024-03-05","ts":"2024-03-05T12:00:00.000Z","tags":["a","b"],"n":null,"ok":true})"));
    QCOMPARE(payload.value(QStringLiteral("ltv")).value<Decimal>().text, QStringLiteral("1234.50"));
    QVERIFY(!payload.value(QStringLiteral("missing")).isValid());
    QCOMPARE(payloadOf({}, {}).toJson(), QByteArray("{}"));
    QCOMPARE(payloadOf({"we\"ird\nname"}, {qint64(1)}).toJson(), QByteArray(R"({"we\"ird\nname":1})"));
}

void TestMapper::jsonValue_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("NULL") << QVariant() << QByteArray("null");
    QTest::newRow("nullptr") << QVariant::fromValue(nullptr) << QByteArray("null");
    QTest::newRow("false") << QVariant(false) << QByteArray("false");
    QTest::newRow("int") << QVariant(int(-7)) << QByteArray("-7");
    QTest::newRow("int64 max") << QVariant(qint64(9223372036854775807LL)) << QByteArray("9223372036854775807");
    QTest::newRow("double shortest") << QVariant(0.1) << QByteArray("0.1");
    QTest::newRow("double exponent") << QVariant(1e21) << QByteArray("1e+21");
    // JSON has no NaN or Infinity: they go as strings, so they differ from null (and each other)
    // in what is sent and in the hash that detects a change.
    QTest::newRow("double NaN") << QVariant(std::nan("")) << QByteArray(R"("NaN")");
    QTest::newRow("double infinity") << QVariant(-HUGE_VAL) << QByteArray(R"("-Infinity")");
    QTest::newRow("double plus infinity") << QVariant(HUGE_VAL) << QByteArray(R"("Infinity")");
    QTest::newRow("decimal negative") << dec("-1234.50") << QByteArray("-1234.50");
    QTest::newRow("decimal small") << dec("0.000001") << QByteArray("0.000001");
    QTest::newRow("text") << QVariant("plain") << QByteArray(R"("plain")");
    QTest::newRow("empty text") << QVariant("") << QByteArray(R"("")");
    QTest::newRow("quotes") << QVariant(R"(say "hi")") << QByteArray(R"("say \"hi\"")");
    QTest::newRow("backslash") << QVariant(R"(C:\temp\)") << QByteArray(R"("C:\\temp\\")");
    QTest::newRow("newline return tab") << QVariant("a\nb\rc\td") << QByteArray(R"("a\nb\rc\td")");
    QTest::newRow("control characters") << QVariant(QString(QChar(0)) + QChar(1) + QChar(0x1f) + QChar(0x7f))
                                        << QByteArray("\"\\u0000\\u0001\\u001f\x7f\"");
    QTest::newRow("backspace form feed") << QVariant("\b\f") << QByteArray(R"("\u0008\u000c")");
    QTest::newRow("unicode raw utf-8") << QVariant("é😀—") << QByteArray("\"é😀—\"");
    QTest::newRow("slash not escaped") << QVariant("a/b") << QByteArray(R"("a/b")");
    QTest::newRow("date") << QVariant(QDate(2024, 3, 5)) << QByteArray(R"("2024-03-05")");
    QTest::newRow("timestamp with offset in UTC")
        << QVariant(QDateTime(QDate(2024, 3, 5), QTime(14, 0), Qt::OffsetFromUTC, 7200))
        << QByteArray(R"("2024-03-05T12:00:00.000Z")");
    QTest::newRow("timestamp before 1970") << QVariant(QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59, 999), Qt::UTC))
                                           << QByteArray(R"("1969-12-31T23:59:59.999Z")");
    QTest::newRow("timestamp epoch") << QVariant(QDateTime::fromMSecsSinceEpoch(0, Qt::UTC))
                                     << QByteArray(R"("1970-01-01T00:00:00.000Z")");
    QTest::newRow("timestamp leap day") << QVariant(QDateTime(QDate(2000, 2, 29), QTime(0, 0, 0, 1), Qt::UTC))
                                        << QByteArray(R"("2000-02-29T00:00:00.001Z")");
    QTest::newRow("timestamp 1600 before Gregorian leap rule")
        << QVariant(QDateTime(QDate(1600, 3, 1), QTime(1, 2, 3, 4), Qt::UTC))
        << QByteArray(R"("1600-03-01T01:02:03.004Z")");
    QTest::newRow("timestamp year 9999") << QVariant(QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC))
                                         << QByteArray(R"("9999-12-31T23:59:59.999Z")");
    QTest::newRow("timestamp year 10000 as Qt writes it")
        << QVariant(QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC))
        << ('"' + QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC).toString(Qt::ISODateWithMs).toUtf8() + '"');
    QTest::newRow("timestamp 1 BC as Qt writes it")
        << QVariant(QDateTime(QDate(-1, 6, 1), QTime(0, 0), Qt::UTC))
        << ('"' + QDateTime(QDate(-1, 6, 1), QTime(0, 0), Qt::UTC).toString(Qt::ISODateWithMs).toUtf8() + '"');
    QTest::newRow("date 1 BC as Qt writes it")
        << QVariant(QDate(-1, 6, 1)) << ('"' + QDate(-1, 6, 1).toString(Qt::ISODate).toUtf8() + '"');
    QTest::newRow("date before 1970") << QVariant(QDate(1901, 1, 2)) << QByteArray(R"("1901-01-02")");
    // PostgreSQL's microseconds are kept (MicroTime), before 1970 too.
    QTest::newRow("timestamp with microseconds")
        << MicroTime::variant(1709648530123456LL) << QByteArray(R"("2024-03-05T14:22:10.123456Z")");
    QTest::newRow("timestamp with microseconds before 1970")
        << MicroTime::variant(-1) << QByteArray(R"("1969-12-31T23:59:59.999999Z")");
    QTest::newRow("whole milliseconds stay a QDateTime")
        << MicroTime::variant(1709648530123000LL) << QByteArray(R"("2024-03-05T14:22:10.123Z")");
    QTest::newRow("list escapes items") << QVariant(QStringList{"a\"b", "c\n"}) << QByteArray(R"(["a\"b","c\n"])");
    QTest::newRow("empty list") << QVariant(QStringList()) << QByteArray("[]");
    QTest::newRow("map sorted") << QVariant(QVariantMap{{"b", 1}, {"a", "x"}}) << QByteArray(R"({"a":"x","b":1})");
    QTest::newRow("variant list") << QVariant(QVariantList{qint64(1), "x", true}) << QByteArray(R"([1,"x",true])");
    // Bytes as PostgreSQL's bytea text: every byte kept (they came out as U+FFFD).
    QTest::newRow("bytes as text") << QVariant(QByteArray("raw")) << QByteArray(R"("\\x726177")");
    QTest::newRow("bytes not UTF-8") << QVariant(QByteArray("\x00\xff\x10", 3)) << QByteArray(R"("\\x00ff10")");
}

void TestMapper::jsonValue()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, json);
    const QByteArray out = payloadOf({"v"}, {value}).toJson();
    QCOMPARE(out, "{\"v\":" + json + "}");
    QJsonParseError error;
    QJsonDocument::fromJson(out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
}

void TestMapper::timestampsAgreeWithQt()
{
    // The payload writes timestamps and dates with its own calendar arithmetic; Qt's ISO text is
    // the reference, across the four-digit years, both sides of the epoch and of every leap rule.
    QRandomGenerator random(20261129);
    const qint64 first = QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 last = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
    for (int i = 0; i < 20000; ++i) {
        const qint64 ms = first + qint64(random.bounded(quint64(last - first + 1)));
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        QCOMPARE(payloadOf({"v"}, {at}).toJson(), "{\"v\":\"" + at.toString(Qt::ISODateWithMs).toUtf8() + "\"}");
        QCOMPARE(
            payloadOf({"v"}, {at.date()}).toJson(), "{\"v\":\"" + at.date().toString(Qt::ISODate).toUtf8() + "\"}");
    }
}

void TestMapper::hashIsStable()
{
    // Fixed values, so journals hash alike on every machine, run and build; a change of the
    // function is a journal migration, and this test says so. XXH3 with the top bit set
    // (StoredHash: the current kind), as xxhash's own XXH3_64bits gives it (0x2d06800538d394c2
    // for ""); the old mixer's values stay what journals before version 9 hold.
    QCOMPARE(PayloadJson::hash(""), 0xad06800538d394c2ULL);
    QCOMPARE(PayloadJson::hash("a"), 0xe6c632b61e964e1fULL);
    QCOMPARE(PayloadJson::hash("foobar, and a little more than eight bytes"), 0xc0061283b86e4952ULL);
    QCOMPARE(PayloadJson::legacyHash(""), 0x226e040144470ef3ULL);
    QCOMPARE(PayloadJson::legacyHash("a"), 0x45e7e0ec4c93a4a9ULL);
    QCOMPARE(PayloadJson::legacyHash("foobar, and a little more than eight bytes"), 0x36f8edfa6219ce0aULL);
    QVERIFY(PayloadJson::hash("ab") != PayloadJson::hash("ba"));
    QVERIFY(PayloadJson::hash(QByteArray("a\0", 2)) != PayloadJson::hash("a")); // length counts

    const auto make = [](const QString& email) {
        return payloadOf({"email", "ltv", "tags"}, {email, dec("10.00"), QStringList{"a"}});
    };
    const Payload one = make(QStringLiteral("ada@example.com"));
    const Payload two = make(QStringLiteral("ada@example.com"));
    QCOMPARE(one.hash(), two.hash());
    QCOMPARE(one.hash(), PayloadJson::hash(one.toJson()));
    QVERIFY(one.hash() != make(QStringLiteral("ada@example.co")).hash());
    QVERIFY(one.hash() != make(QStringLiteral("Ada@example.com")).hash());
    // Same values, other order: another payload, another hash (the order is the mapping's).
    const Payload reordered
        = payloadOf({"ltv", "email", "tags"}, {dec("10.00"), QStringLiteral("ada@example.com"), QStringList{"a"}});
    QVERIFY(one.hash() != reordered.hash());
    // A decimal's scale is part of the value sent: 10.00 and 10.0 differ.
    QVERIFY(one.hash()
        != payloadOf({"email", "ltv", "tags"}, {QStringLiteral("ada@example.com"), dec("10.0"), QStringList{"a"}})
               .hash());
}

void TestMapper::decimalText_data()
{
    // The exact text a decimal goes out as; "" for text that is no decimal. Text already in
    // this shape (what warehouses send) takes a fast path: both paths must agree.
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    const QList<std::pair<const char*, const char*>> rows{
        {"0", "0"},
        {"7", "7"},
        {"1234.50", "1234.50"},
        {"-12.30", "-12.30"},
        {"0.0001", "0.0001"},
        {"-0", "0"},
        {"-0.00", "0.00"},
        {"00012.50", "12.50"},
        {"+5", "5"},
        {" 7 ", "7"},
        {"5.", "5"},
        {".5", "0.5"},
        {"-.5", "-0.5"},
        {"007", "7"},
        {"-007.0", "-7.0"},
        {"1e5", ""},
        {"-", ""},
        {"", ""},
        {".", ""},
        {"12.3.4", ""},
        {"1 2", ""},
        {"--1", ""},
        {"0x10", ""},
    };
    for (const auto& [input, canonical] : rows)
        QTest::newRow(input[0] ? input : "(empty)") << QString::fromLatin1(input) << QString::fromLatin1(canonical);
    QTest::newRow("arabic digits") << QStringLiteral("\u0661\u0662") << QString();
}

void TestMapper::decimalText()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    const auto parsed = Decimal::parse(input);
    QCOMPARE(parsed ? parsed->text : QString(), canonical);
}

QTEST_GUILESS_MAIN(TestMapper)
#include "tst_mapper.moc"
