function Unregister-PgEventSource {
    <#
    .SYNOPSIS
        Removes an Event Log source, or gives it back to the version that had it before.

    .DESCRIPTION
        When Register-PgEventSource replaced another version's registration of the same name, that
        registration is restored (regsvr32 /n /i with the remembered DLL). Otherwise the source is
        unregistered with regsvr32 /u /i:"<source>" and its key is removed when the DLL cannot do
        it (for instance because the DLL was already deleted). A source that is not registered is
        reported, not treated as an error, so the command is safe to run again.

    .PARAMETER Name
        Event source names to remove. Accepts pipeline input, also from Get-PgEventSource.

    .PARAMETER Force
        Removes without asking for confirmation.

    .EXAMPLE
        Unregister-PgEventSource -Name 'Mirroring Controller inst1'

        Removes the per-instance source when the server leaves multiplexing.

    .EXAMPLE
        Get-PgEventSource | Unregister-PgEventSource -WhatIf

        Shows what uninstalling every pgevent-backed source would do.

    .OUTPUTS
        PgCluster.EventSource

    .LINK
        Register-PgEventSource
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('PgCluster.EventSource')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [ValidateLength(1, 255)]
        [string[]]
        $Name,

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        $base = 'HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application'
    }

    process {
        foreach ($source in $Name) {
            $current = Get-PgEventSource -Name $source
            if (-not $current.Registered -and -not $current.PreviousMessageFile) {
                Write-Verbose -Message "Event source '$source' is not registered."
                $current
                continue
            }
            if ($current.PreviousMessageFile) {
                if (-not $PSCmdlet.ShouldProcess("Event Log source '$source'", "Restore the earlier registration $($current.PreviousMessageFile)")) {
                    continue
                }
                $null = Invoke-PgNative -FilePath 'regsvr32.exe' -ArgumentList @('/s', '/n', "/i:$source", $current.PreviousMessageFile)
                Set-PgRegistryValue -Path 'HKLM\SOFTWARE\PgCluster\EventSources' -Name $source -Remove -Confirm:$false
            }
            else {
                if (-not $PSCmdlet.ShouldProcess("Event Log source '$source'", 'Unregister')) {
                    continue
                }
                $run = Invoke-PgNative -FilePath 'regsvr32.exe' -ArgumentList @('/s', '/u', "/i:$source", $current.MessageFile)
                if ((Get-PgEventSource -Name $source).Registered) {
                    Write-Warning -Message "regsvr32 /u left '$source' registered (exit code $($run.ExitCode): $($run.Output -join ' ')); removing its registry key directly."
                    Remove-Item -LiteralPath "Registry::HKEY_LOCAL_MACHINE\$($base.Substring(5))\$source" -Recurse -Force
                }
            }
            Get-PgEventSource -Name $source
        }
    }
}
