$version: "2"

metadata example = "a small device registry in the Smithy IDL"

namespace example.devices

use aws.protocols#restJson1

/// Registers devices and reports their state.
@restJson1
service DeviceRegistry {
    version: "2024-01-01"
    resources: [Device]
}

/// A device known to the registry.
resource Device {
    identifiers: { deviceId: DeviceId }
    read: GetDevice
    create: CreateDevice
}

@pattern("^[a-z0-9-]{3,64}$")
string DeviceId

@readonly
@http(method: "GET", uri: "/devices/{deviceId}")
operation GetDevice {
    input := for Device {
        @required
        @httpLabel
        $deviceId
    }
    output := with [DeviceFields] {}
    errors: [DeviceNotFound]
}

@http(method: "POST", uri: "/devices")
operation CreateDevice {
    input := with [DeviceFields] {}
    output := {
        @required
        deviceId: DeviceId
    }
}

@mixin
structure DeviceFields {
    deviceId: DeviceId

    @length(min: 1, max: 128)
    name: String

    status: DeviceStatus = "OFFLINE"

    /// Free-form labels, at most 16.
    @length(max: 16)
    labels: Labels

    firmware: Firmware

    lastSeen: Timestamp
}

enum DeviceStatus {
    ONLINE
    OFFLINE
    /// Being updated.
    UPDATING = "updating"
}

map Labels {
    key: LabelKey
    value: String
}

@pattern("^[a-z][a-z0-9_]*$")
string LabelKey

/// Where the firmware comes from.
union Firmware {
    version: String
    url: FirmwareUrl
}

@pattern("^https://\\S+$")
string FirmwareUrl

@error("client")
@httpError(404)
structure DeviceNotFound {
    @required
    message: String
}

apply DeviceFields$name @documentation("""
    A name people read.
    Unique within the registry.
    """)
