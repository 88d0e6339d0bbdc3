function Remove-PgMirroringServiceCore {
    <#
    .SYNOPSIS
        Deletes the Mirroring Controller's Windows service (sc.exe delete); a missing service is
        not an error, a running one must be stopped first.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Name
    )

    if (-not (Get-PgService -Name $Name)) {
        Write-Verbose -Message "Service '$Name' does not exist."
        return
    }
    $query = Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('query', $Name)
    if (($query.Output -join "`n") -match 'STATE\s*:\s*\d+\s+(RUNNING|START_PENDING|STOP_PENDING)') {
        throw (New-PgErrorRecord -ErrorId 'ServiceRunning' -TargetObject $Name `
                -Message "The service '$Name' is running." `
                -Hint 'Stop the Mirroring Controller first: Stop-PgMirroring -ConfigPath <mcdir>.')
    }
    if ($PSCmdlet.ShouldProcess("service '$Name'", 'Delete the Mirroring Controller service')) {
        $run = Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('delete', $Name)
        if ($run.ExitCode -ne 0 -and $run.ExitCode -ne 1060) {
            throw (New-PgErrorRecord -ErrorId 'ServiceDeleteFailed' -TargetObject $Name `
                    -Message "sc.exe delete $Name failed (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                    -Hint 'Run PowerShell as Administrator.')
        }
    }
}
