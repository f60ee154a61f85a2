#pragma once

#include <QString>
#include <utility>
#include <variant>

namespace Ebb {

// What went wrong, for a user: `message` names the file/field/row and the problem,
// `detail` carries the verbatim text of the layer below (a server message, a parser note).
struct Error
{
    // Guard: a sync's guard stopped the run before anything was sent (not a failure of it).
    enum class Category { Config, Io, Database, Secret, Network, Cancelled, Guard, Internal };

    Category category = Category::Internal;
    QString message;
    QString detail;

    static Error config(QString message, QString detail = {})
    {
        return {Category::Config, std::move(message), std::move(detail)};
    }
    static Error io(QString message, QString detail = {})
    {
        return {Category::Io, std::move(message), std::move(detail)};
    }
    static Error database(QString message, QString detail = {})
    {
        return {Category::Database, std::move(message), std::move(detail)};
    }
    static Error secret(QString message, QString detail = {})
    {
        return {Category::Secret, std::move(message), std::move(detail)};
    }

    QString toString() const { return detail.isEmpty() ? message : message + QStringLiteral("\n") + detail; }
};

// A value or an Error, in the spirit of Nextcloud's common/result.h.
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result<void>: success or an Error.
template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    {
    }

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

} // namespace Ebb
