function Get-PgEventSource {
    <#
    .SYNOPSIS
        Shows how Event Log sources used by PostgreSQL and the Mirroring Controller are registered.

    .DESCRIPTION
        Reads HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\<source> for each name and
        returns one PgCluster.EventSource object: whether the source is registered, the message DLL
        it points to, and the registration PgCluster remembered before it replaced one (restored by
        Unregister-PgEventSource). Without -Name it lists every Application source whose message
        file is a pgevent.dll.

    .PARAMETER Name
        Event source names, as in event_source of <serverIdentifier>.conf or postgresql.conf.
        Accepts pipeline input.

    .EXAMPLE
        Get-PgEventSource -Name 'MirroringControllerOpen', 'Mirroring Controller inst1'

        Shows both sources of a multiplexing server and the DLL each one uses.

    .EXAMPLE
        Get-PgEventSource

        Lists every source registered with a pgevent.dll on this machine.

    .OUTPUTS
        PgCluster.EventSource

    .LINK
        Register-PgEventSource
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.EventSource')]
    param (
        [Parameter(ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string[]]
        $Name
    )

    begin {
        $base = 'HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application'
        $memory = Get-PgRegistryKey -Path 'HKLM\SOFTWARE\PgCluster\EventSources'
    }

    process {
        $names = $Name
        if (-not $names) {
            $names = @(Get-ChildItem -LiteralPath "Registry::HKEY_LOCAL_MACHINE\$($base.Substring(5))" -ErrorAction SilentlyContinue |
                    Where-Object -FilterScript { "$($_.GetValue('EventMessageFile'))" -match 'pgevent\.dll$' } |
                    ForEach-Object -Process { $_.PSChildName })
        }
        foreach ($source in $names) {
            $values = Get-PgRegistryKey -Path "$base\$source"
            $previous = $null
            if ($memory -and $memory.ContainsKey($source)) {
                $previous = $memory[$source]
            }
            $file = $null
            $types = $null
            if ($values) {
                $file = $values['EventMessageFile']
                $types = $values['TypesSupported']
            }
            [pscustomobject]@{
                PSTypeName          = 'PgCluster.EventSource'
                Name                = $source
                Registered          = [bool]$values
                MessageFile         = $file
                TypesSupported      = $types
                PreviousMessageFile = $previous
            }
        }
    }
}
