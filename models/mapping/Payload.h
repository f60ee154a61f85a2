#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <memory>
#include <vector>

namespace Ebb {

// One record as the destination will receive it: a value per mapped target field.
// The field names are shared by every payload of a run.
class Payload
{
public:
    Payload() = default;
    explicit Payload(std::shared_ptr<const QStringList> fields)
        : m_fields(std::move(fields))
        , m_values(size_t(m_fields->size()))
    {
    }

    const QStringList& fields() const { return *m_fields; }
    int size() const { return int(m_values.size()); }
    const QVariant& value(int index) const { return m_values[size_t(index)]; }
    QVariant value(const QString& field) const;
    void set(int index, QVariant value) { m_values[size_t(index)] = std::move(value); }
    // A NULL the mapping leaves out ("nulls": "skip"): the field is not part of this record —
    // not in its JSON, its hash, nor what a destination writes — so the destination keeps
    // the value it has.
    void skip(int index)
    {
        if (m_skipped.empty())
            m_skipped.resize(m_values.size());
        m_skipped[size_t(index)] = true;
    }
    bool isSkipped(int index) const { return !m_skipped.empty() && m_skipped[size_t(index)]; }
    bool hasSkipped() const { return !m_skipped.empty(); }

    // Canonical compact JSON, fields in mapping order: the form that is hashed, stored in
    // the journal and written to JSONL. Decimals are written as exact JSON numbers.
    QByteArray toJson() const;
    // 64-bit hash of toJson().
    quint64 hash() const;

private:
    std::shared_ptr<const QStringList> m_fields;
    std::vector<QVariant> m_values;
    std::vector<bool> m_skipped; // empty when nothing is skipped (most records)
};

namespace PayloadJson {
// Appends one value as JSON to `out`.
void appendValue(QByteArray& out, const QVariant& value);
void appendString(QByteArray& out, const QString& text);
// XXH3 of the bytes, marked as the current kind (StoredHash).
quint64 hash(const QByteArray& bytes);
// The hash journals kept before version 9, for records still holding one.
quint64 legacyHash(const QByteArray& bytes);
} // namespace PayloadJson

} // namespace Ebb
