function Invoke-PgBadWriter {
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([void])]
    param (
        [Parameter()]
        [string]
        $Name
    )

    if ($PSCmdlet.ShouldProcess($Name)) {
        Write-Verbose -Message $Name
    }
}
