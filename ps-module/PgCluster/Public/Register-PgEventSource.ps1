function Register-PgEventSource {
    <#
    .SYNOPSIS
        Registers an Event Log source backed by PostgreSQL's pgevent.dll, idempotently.

    .DESCRIPTION
        Runs regsvr32 /s /n /i:"<source>" "<dll>" so that messages of the Mirroring Controller (the
        default source MirroringControllerOpen) or of one instance (its event_source) appear in the
        Application log with their text. /n keeps the default "PostgreSQL" source untouched. A source
        already registered with the same DLL is left alone; one registered with another DLL (another
        installed version) is remembered under HKLM\SOFTWARE\PgCluster\EventSources and restored by
        Unregister-PgEventSource. The registration is read back afterwards.

    .PARAMETER Name
        Event source names to register. Accepts pipeline input.

    .PARAMETER DllPath
        Full path of pgevent.dll, normally <PostgreSQL folder>\lib\pgevent.dll.

    .PARAMETER Force
        Replaces a registration that points to another DLL without asking for confirmation.

    .EXAMPLE
        Register-PgEventSource -Name 'Mirroring Controller inst1' -DllPath 'C:\Program Files\PostgreSQL\17\lib\pgevent.dll'

        Registers the per-instance source named in event_source of server1.conf.

    .EXAMPLE
        'MirroringControllerOpen', 'inst1' | Register-PgEventSource -DllPath $dll -WhatIf

        Shows which registrations would change, without changing them.

    .OUTPUTS
        PgCluster.EventSource

    .LINK
        Unregister-PgEventSource
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.EventSource')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipeline = $true, Position = 0)]
        [ValidateLength(1, 255)]
        [string[]]
        $Name,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $DllPath,

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        if (-not (Test-Path -LiteralPath $DllPath -PathType Leaf)) {
            $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'EventDllNotFound' -Category ObjectNotFound `
                        -TargetObject $DllPath -Message "The event message DLL '$DllPath' does not exist." `
                        -Hint 'Give the pgevent.dll of the installed PostgreSQL, e.g. C:\Program Files\PostgreSQL\17\lib\pgevent.dll.'))
        }
    }

    process {
        foreach ($source in $Name) {
            $current = Get-PgEventSource -Name $source
            if ($current.Registered -and $current.MessageFile -eq $DllPath) {
                Write-Verbose -Message "Event source '$source' is already registered with $DllPath."
                $current
                continue
            }
            if (-not $PSCmdlet.ShouldProcess("Event Log source '$source'", "Register with $DllPath")) {
                continue
            }
            if ($current.Registered -and $current.MessageFile -and -not $current.PreviousMessageFile) {
                # Another version owns this name: remember it so uninstalling gives it back.
                Set-PgRegistryValue -Path 'HKLM\SOFTWARE\PgCluster\EventSources' -Name $source -Value $current.MessageFile -Confirm:$false
            }
            $run = Invoke-PgNative -FilePath 'regsvr32.exe' -ArgumentList @('/s', '/n', "/i:$source", $DllPath)
            $after = Get-PgEventSource -Name $source
            if ($run.ExitCode -ne 0 -or -not $after.Registered -or $after.MessageFile -ne $DllPath) {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'EventSourceRegisterFailed' -TargetObject $source `
                            -Message "regsvr32 could not register the event source '$source' with $DllPath (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                            -Hint 'Run PowerShell as Administrator, and check that the DLL matches the bitness of Windows.'))
            }
            $after
        }
    }
}
