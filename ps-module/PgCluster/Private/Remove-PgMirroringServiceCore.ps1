function Remove-PgMirroringServiceCore {
    <#
    .SYNOPSIS
        Deletes the Windows service of the Mirroring Controller (or of the arbiter: -Role) with
        sc.exe delete; a missing service is not an error. A running one is refused, or with -Stop
        (the arbiter's, which holds no database) stopped first.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name,

        [Parameter()]
        [string]
        $Role = 'Mirroring Controller',

        [Parameter()]
        [switch]
        $Stop
    )

    if (-not (Get-PgService -Name $Name)) {
        Write-Verbose -Message "Service '$Name' does not exist."
        return
    }
    $active = 'STATE\s*:\s*\d+\s+(RUNNING|START_PENDING|STOP_PENDING)'
    $query = Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('query', $Name)
    if ($Stop -and ($query.Output -join "`n") -match $active) {
        if (-not $PSCmdlet.ShouldProcess("service '$Name'", "Stop the $Role service")) {
            return
        }
        $null = Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('stop', $Name)
        # The service host runs the stop command and waits for the process (30 s at most).
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do {
            $query = Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('query', $Name)
            $running = ($query.Output -join "`n") -match $active
            if ($running) {
                Start-Sleep -Milliseconds 500
            }
        } while ($running -and [DateTime]::UtcNow -lt $deadline)
    }
    if (($query.Output -join "`n") -match $active) {
        $hint = 'Stop the Mirroring Controller first: Stop-PgMirroring -ConfigPath <mcdir>.'
        if ($Stop) {
            $hint = "It did not stop within 60 seconds: see its log in its directory, end its process, then run the command again."
        }
        throw (New-PgErrorRecord -ErrorId 'ServiceRunning' -TargetObject $Name `
                -Message "The service '$Name' is running." -Hint $hint)
    }
    if ($PSCmdlet.ShouldProcess("service '$Name'", "Delete the $Role service")) {
        $run = Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('delete', $Name)
        if ($run.ExitCode -ne 0 -and $run.ExitCode -ne 1060) {
            throw (New-PgErrorRecord -ErrorId 'ServiceDeleteFailed' -TargetObject $Name `
                    -Message "sc.exe delete $Name failed (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                    -Hint 'Run PowerShell as Administrator.')
        }
    }
}
