function Unregister-PgInstanceService {
    <#
    .SYNOPSIS
        Removes an instance's Windows service (pg_ctl unregister); a missing one is not an error.

    .DESCRIPTION
        Runs pg_ctl unregister -N <name> for a service that pg_ctl register created, after checking
        that it is a PostgreSQL service (its command line holds runservice) so that no other service
        of the same name is removed by mistake. A running instance must be stopped first
        (Stop-PgMirroring); the data directory itself is never touched.

    .PARAMETER Name
        The service name: db_instance_service_name of <serverIdentifier>.conf.

    .PARAMETER PgCtlPath
        Full path of pg_ctl.exe.

    .PARAMETER Force
        Removes without asking for confirmation.

    .EXAMPLE
        Unregister-PgInstanceService -Name inst1 -PgCtlPath 'C:\Program Files\PostgreSQL\17\bin\pg_ctl.exe'

        Removes the instance service when the server leaves multiplexing.

    .OUTPUTS
        None

    .LINK
        Register-PgInstanceService
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $PgCtlPath,

        [Parameter()]
        [switch]
        $Force
    )

    if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
        $ConfirmPreference = 'None'
    }
    $current = Get-PgService -Name $Name
    if (-not $current) {
        Write-Verbose -Message "Service '$Name' does not exist."
        return
    }
    if ($current.BinaryPath -notlike '*runservice*') {
        $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'NotAnInstanceService' -TargetObject $Name `
                    -Message "The service '$Name' is not a PostgreSQL instance service: $($current.BinaryPath)" `
                    -Hint 'Check db_instance_service_name; this command removes only services made by pg_ctl register.'))
    }
    if ($PSCmdlet.ShouldProcess("service '$Name'", 'Unregister the instance service')) {
        $run = Invoke-PgNative -FilePath $PgCtlPath -ArgumentList @('unregister', '-N', $Name)
        if ($run.ExitCode -ne 0) {
            $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'InstanceUnregisterFailed' -TargetObject $Name `
                        -Message "pg_ctl unregister -N $Name failed (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                        -Hint 'Stop the instance first (Stop-PgMirroring), and run PowerShell as Administrator.'))
        }
    }
}
