#pragma once

#include "Destination.h"

#include <memory>

namespace Ebb {

// A destination whose errors start with the connection they came through
// ("connection "crm": …"), as a warehouse's do: a workspace may hold several connections
// of one kind, and the user must see which one failed. Per-record outcomes are left as the
// destination words them.
class NamedDestination : public Destination
{
public:
    NamedDestination(QString connectionId, std::unique_ptr<Destination> inner)
        : m_connectionId(std::move(connectionId))
        , m_inner(std::move(inner))
    {
    }

    Result<QStringList> objects() override;
    Result<DestinationSchema> schema() override;
    Result<void> begin() override;
    Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) override;
    bool durableOnWrite() const override { return m_inner->durableOnWrite(); }
    bool waitsOnWrites() const override { return m_inner->waitsOnWrites(); }
    bool deferCommits() override { return m_inner->deferCommits(); }
    Result<void> commit() override;
    void rollback() override { m_inner->rollback(); }
    Result<void> finish() override;
    void abort() override { m_inner->abort(); }
    void setRequestLog(RequestLog* log) override { m_inner->setRequestLog(log); }
    QString summary() const override { return m_inner->summary(); }
    QJsonObject apiUsage() const override { return m_inner->apiUsage(); }
    void setCancel(const std::atomic_bool* cancel) override { m_inner->setCancel(cancel); }
    void setRecordsChecked(bool checked) override { m_inner->setRecordsChecked(checked); }

private:
    template <typename T> Result<T> named(Result<T> result) const;

    QString m_connectionId;
    std::unique_ptr<Destination> m_inner;
};

} // namespace Ebb
