function Set-PgMirroringFailover {
    <#
    .SYNOPSIS
        Arms or disarms automatic failover through mc_ctl, only when it is not already so: the
        shared body of Enable- and Disable-PgMirroringFailover.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([void])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $ConfigPath,

        [Parameter()]
        [string]
        $LocalServer,

        [Parameter(Mandatory = $true)]
        [bool]
        $Enabled
    )

    $mode = 'disable-failover'
    $state = 'disarmed'
    $action = 'Disarm automatic switch and disconnection (monitoring goes on)'
    if ($Enabled) {
        $mode = 'enable-failover'
        $state = 'armed'
        $action = 'Arm automatic switch and disconnection'
    }
    $arguments = New-PgMcCtlArgument -Mode $mode -ConfigPath $ConfigPath -LocalServer $LocalServer
    $before = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList (New-PgMcCtlArgument -Mode 'status' -ConfigPath $ConfigPath -LocalServer $LocalServer)
    if ([bool]$before.status.failoverEnabled -eq $Enabled) {
        Write-Verbose -Message "Automatic failover is already $state in $($arguments[2])."
        return
    }
    if (-not $PSCmdlet.ShouldProcess("mirroring in $($arguments[2])", $action)) {
        return
    }
    $answer = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList $arguments
    Write-Verbose -Message "mc_ctl $mode answered: $($answer | ConvertTo-Json -Compress -Depth 5)"
}
